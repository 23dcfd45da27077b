import type { JsonObject } from "../twins";
import { parseAgentDesired, type AgentConfig } from "./agent-desired";
import type { RestartSettings } from "./backoff";
import type { DeviceFaults } from "./fault-profile";
import type { KnownImage } from "./known-images";
import { planModules, type PlanAction, type RuntimeState } from "./planner";
import { buildAgentReported, type DesiredStatusReport, type RuntimeIdentity } from "./reported";

/**
 * One edgeAgent cycle: read the desired document, plan, and say what to report (reference §8.1).
 * - Unparseable desired (400/412/417): the last good deployment keeps running; the bad version is
 *   still acknowledged in lastDesiredVersion with its code.
 * - Image pulls in progress: lastDesiredVersion/Status stay at the previous deployment ("not yet
 *   processed" in the §8.1 recipe) until the plan completes.
 * - A step failed (unknown image): 500 naming it; everything else still runs.
 */
export type AgentMemory = {
  config: AgentConfig | null;
  state: RuntimeState;
  lastDesiredVersion: number;
  lastDesiredStatus: DesiredStatusReport;
};

export const INITIAL_AGENT_MEMORY: AgentMemory = {
  config: null,
  state: { instances: {}, pulls: {} },
  lastDesiredVersion: 0,
  lastDesiredStatus: { code: 406, description: "Agent has not processed a deployment yet" },
};

export type AgentStepInput = {
  desired: JsonObject;
  memory: AgentMemory;
  now: number;
  knownImages: readonly KnownImage[];
  settings: RestartSettings;
  faults: DeviceFaults;
  agentStartTime: number;
  edgeHubStartTime: number;
  runtime?: RuntimeIdentity;
};

export type AgentStepResult = { memory: AgentMemory; reported: JsonObject; actions: PlanAction[]; nextWakeAt: number | null };

export function runAgentStep(input: AgentStepInput): AgentStepResult {
  const version = typeof input.desired.$version === "number" ? input.desired.$version : 0;
  const parsed = parseAgentDesired(input.desired);
  const config = parsed.ok ? parsed.config : input.memory.config;
  let state = input.memory.state;
  let actions: PlanAction[] = [];
  let nextWakeAt: number | null = null;
  let lastDesiredVersion = input.memory.lastDesiredVersion;
  let lastDesiredStatus = input.memory.lastDesiredStatus;
  if (config) {
    const plan = planModules({ config, state, now: input.now, knownImages: input.knownImages, settings: input.settings, faults: input.faults });
    ({ state, actions, nextWakeAt } = plan);
    if (parsed.ok && !plan.isPending) {
      lastDesiredVersion = version;
      lastDesiredStatus = plan.failures.length
        ? { code: 500, description: `Failed: ${plan.failures.join("; ")}` }
        : { code: 200, description: "" };
    }
  }
  if (!parsed.ok) {
    lastDesiredVersion = version;
    lastDesiredStatus = { code: parsed.code, description: parsed.description };
  }
  const memory: AgentMemory = { config, state, lastDesiredVersion, lastDesiredStatus };
  const reported = buildAgentReported({
    config,
    state,
    lastDesiredVersion,
    lastDesiredStatus,
    agentStartTime: input.agentStartTime,
    edgeHubStartTime: input.edgeHubStartTime,
    runtime: input.runtime,
  });
  return { memory, reported, actions, nextWakeAt };
}
