import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from "../twins";
import type { AgentConfig } from "./agent-desired";
import type { ModuleInstance, RuntimeState } from "./planner";
import { hashString } from "./prng";

/**
 * The `$edgeAgent` reported document (reference §8.1), built whole from the runtime state, and the
 * minimal merge patch between two documents (edgeAgent reports diffs; removed modules become null).
 */
export const NEVER_UTC = "0001-01-01T00:00:00Z";
const utc = (ms: number | null) => (ms === null ? NEVER_UTC : new Date(ms).toISOString());

export type RuntimeIdentity = {
  version: { version: string; build: string; commit: string };
  platform: { os: string; architecture: string; version: string };
};

export const SIMULATED_RUNTIME: RuntimeIdentity = {
  version: { version: "1.5.21", build: "98311114", commit: "5e7d4bd6a1a8d2b1e3c0f9a8b7c6d5e4f3a2b1c0" },
  platform: { os: "linux", architecture: "x86_64", version: "1.5.21" },
};

export type DesiredStatusReport = { code: 200 | 400 | 406 | 412 | 417 | 500; description: string };

export type AgentReportInput = {
  /** The last deployment that parsed (null before any did): runtime and system module settings. */
  config: AgentConfig | null;
  state: RuntimeState;
  lastDesiredVersion: number;
  lastDesiredStatus: DesiredStatusReport;
  agentStartTime: number;
  edgeHubStartTime: number;
  runtime?: RuntimeIdentity;
};

/** A stable fake digest: the same image always "pulls" the same hash. */
export function imageHash(image: string): string {
  let hex = "";
  for (let i = 0; hex.length < 64; i++) hex += hashString(`${i}:${image}`).toString(16).padStart(8, "0");
  return `sha256:${hex.slice(0, 64)}`;
}

function withSettings(definition: JsonObject, image: string): JsonObject {
  const settings = isJsonObject(definition.settings) ? definition.settings : {};
  return { ...definition, settings: { ...settings, imageHash: imageHash(image) } };
}

function moduleReport(inst: ModuleInstance): JsonObject {
  return {
    ...withSettings(inst.definition, inst.image),
    runtimeStatus: inst.runtimeStatus,
    exitCode: inst.exitCode,
    statusDescription: inst.statusDescription,
    lastStartTimeUtc: utc(inst.lastStartTime),
    lastExitTimeUtc: utc(inst.lastExitTime),
    restartCount: inst.restartCount,
    lastRestartTimeUtc: utc(inst.lastRestartTime),
  };
}

/** registryCredentials without passwords: a simulator has no reason to spread secrets (docs/iot-compatibility.md). */
function runtimeSettings(config: AgentConfig | null): JsonObject {
  const settings = config && isJsonObject(config.runtime.settings) ? config.runtime.settings : {};
  const credentials = isJsonObject(settings.registryCredentials) ? settings.registryCredentials : {};
  const masked: JsonObject = {};
  for (const [name, value] of Object.entries(credentials)) {
    if (!isJsonObject(value)) continue;
    const { password: _password, ...rest } = value;
    masked[name] = rest;
  }
  return { ...settings, registryCredentials: masked };
}

export function buildAgentReported(input: AgentReportInput): JsonObject {
  const runtime = input.runtime ?? SIMULATED_RUNTIME;
  const { config } = input;
  const agentDef = config?.edgeAgent ?? { type: "docker", settings: { image: "mcr.microsoft.com/azureiotedge-agent:1.5", createOptions: "{}" } };
  const hubDef = config?.edgeHub.definition ?? {
    type: "docker",
    status: "running",
    restartPolicy: "always",
    settings: { image: "mcr.microsoft.com/azureiotedge-hub:1.5", createOptions: "{}" },
  };
  const agentImage = isJsonObject(agentDef.settings) && typeof agentDef.settings.image === "string" ? agentDef.settings.image : "";
  const hubImage = isJsonObject(hubDef.settings) && typeof hubDef.settings.image === "string" ? hubDef.settings.image : "";
  const modules: JsonObject = {};
  for (const name of Object.keys(input.state.instances).sort()) modules[name] = moduleReport(input.state.instances[name]!);
  return {
    schemaVersion: "1.0",
    version: { ...runtime.version },
    lastDesiredVersion: input.lastDesiredVersion,
    lastDesiredStatus: { ...input.lastDesiredStatus },
    runtime: { type: "docker", settings: runtimeSettings(config), platform: { ...runtime.platform } },
    systemModules: {
      edgeAgent: {
        ...withSettings(agentDef, agentImage),
        runtimeStatus: "running",
        exitCode: 0,
        statusDescription: "running",
        lastStartTimeUtc: utc(input.agentStartTime),
        lastExitTimeUtc: NEVER_UTC,
      },
      edgeHub: {
        ...withSettings(hubDef, hubImage),
        status: "running",
        restartPolicy: "always",
        runtimeStatus: "running",
        exitCode: 0,
        statusDescription: "running",
        lastStartTimeUtc: utc(input.edgeHubStartTime),
        lastExitTimeUtc: NEVER_UTC,
        restartCount: 0,
        lastRestartTimeUtc: NEVER_UTC,
      },
    },
    modules,
  };
}

/**
 * The JSON merge patch that turns `before` into `after`: changed leaves and arrays whole, removed
 * keys as null, unchanged branches left out. Empty when nothing changed.
 */
export function mergePatchDiff(before: JsonObject, after: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(after)) {
    const old: JsonValue | undefined = Object.hasOwn(before, key) ? before[key] : undefined;
    if (isJsonObject(value) && isJsonObject(old)) {
      const sub = mergePatchDiff(old, value);
      if (Object.keys(sub).length) patch[key] = sub;
    } else if (old === undefined || !jsonEqual(old, value)) {
      patch[key] = value;
    }
  }
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) patch[key] = null;
  return patch;
}
