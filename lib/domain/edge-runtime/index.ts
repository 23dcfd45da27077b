export { parseAgentDesired, isSupportedSchemaVersion, RESTART_POLICIES, type AgentConfig, type ModuleSpec, type ParseOutcome, type RestartPolicy } from "./agent-desired";
export { coolOffMs, DEFAULT_RESTART_SETTINGS, isRestartEligible, type RestartSettings } from "./backoff";
export { buildEdgeHubReported, edgeHubDesiredStatus, encodeClientKey, moduleOutputs, type ClientState } from "./edge-hub";
export { deviceFaults, FAULT_PRESETS, faultProfileSchema, NO_FAULTS, type CrashPlan, type DeviceFaults, type FaultProfile, type OfflineWindow } from "./fault-profile";
export { BUILT_IN_IMAGES, isKnownImage, splitImage, type KnownImage } from "./known-images";
export { EMPTY_RUNTIME_STATE, planModules, type ModuleInstance, type PlanAction, type PlanResult, type RuntimeState, type RuntimeStatus } from "./planner";
export { hashString, mulberry32, rngFor, type Rng } from "./prng";
export { buildAgentReported, imageHash, mergePatchDiff, NEVER_UTC, SIMULATED_RUNTIME, type AgentReportInput, type DesiredStatusReport, type RuntimeIdentity } from "./reported";
export { INITIAL_AGENT_MEMORY, runAgentStep, type AgentMemory, type AgentStepInput, type AgentStepResult } from "./agent-step";
