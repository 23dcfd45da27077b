import { isJsonObject, type JsonObject, type JsonValue } from "../twins";

/**
 * Reads `$edgeAgent` desired properties (reference §6.1) into what the planner needs, or says why
 * it cannot, with the `lastDesiredStatus` code edgeAgent would report (§8.1): 417 for an empty
 * deployment, 412 for a schemaVersion other than 1.0/1.1, 400 for anything else malformed.
 */
export const RESTART_POLICIES = ["never", "on-failure", "on-unhealthy", "always"] as const;
export type RestartPolicy = (typeof RESTART_POLICIES)[number];
export type DesiredStatus = "running" | "stopped";

export type ModuleSpec = {
  name: string;
  status: DesiredStatus;
  restartPolicy: RestartPolicy;
  image: string;
  /** startupOrder, default 4294967295 (§6.1): lower starts first. */
  startupOrder: number;
  /** The desired definition as given (copied into reported). */
  definition: JsonObject;
  /** Changes when anything that needs a new container changes (image, createOptions, env, version…). */
  fingerprint: string;
};

export type AgentConfig = {
  schemaVersion: string;
  runtime: JsonObject;
  edgeAgent: JsonObject;
  edgeHub: ModuleSpec;
  /** Ordered by startupOrder, then name. */
  modules: ModuleSpec[];
};

export type ParseOutcome = { ok: true; config: AgentConfig } | { ok: false; code: 400 | 412 | 417; description: string };

const MODULE_NAME = /^[a-zA-Z0-9_-]+$/;
const DEFAULT_STARTUP_ORDER = 4294967295;

class DesiredError extends Error {}
const fail = (path: string, problem: string): never => {
  throw new DesiredError(`${path} ${problem}`);
};

function objectAt(parent: JsonObject, key: string, path: string): JsonObject {
  const value = parent[key];
  if (!isJsonObject(value)) fail(path, "must be an object");
  return value as JsonObject;
}

function stringAt(parent: JsonObject, key: string, path: string, allowed?: readonly string[]): string {
  const value = parent[key];
  if (typeof value !== "string" || value.trim() === "") fail(path, "must be a non-empty string");
  if (allowed && !allowed.includes(value as string)) fail(path, `must be one of ${allowed.map((a) => `'${a}'`).join(", ")}`);
  return value as string;
}

/** Keys a `$`-less reader sees: drop `$version`, `$metadata` and friends at the top. */
const withoutSystemKeys = (doc: JsonObject): JsonObject =>
  Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith("$"))) as JsonObject;

export function isSupportedSchemaVersion(version: string, maxMinor: number): boolean {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version);
  if (!m) return false;
  return Number(m[1]) === 1 && Number(m[2]) <= maxMinor && (Number(m[2]) < maxMinor || Number(m[3] ?? 0) === 0);
}

function moduleSpec(name: string, raw: JsonValue, path: string, system: boolean): ModuleSpec {
  if (!isJsonObject(raw)) fail(path, "must be an object");
  const def = raw as JsonObject;
  stringAt(def, "type", `${path}.type`, ["docker"]);
  const settings = objectAt(def, "settings", `${path}.settings`);
  const image = stringAt(settings, "image", `${path}.settings.image`);
  const status = (system ? "running" : stringAt(def, "status", `${path}.status`, ["running", "stopped"])) as DesiredStatus;
  const restartPolicy = (system ? "always" : stringAt(def, "restartPolicy", `${path}.restartPolicy`, RESTART_POLICIES)) as RestartPolicy;
  if (system && def.status !== undefined && def.status !== "running") fail(`${path}.status`, "must be 'running'");
  if (system && def.restartPolicy !== undefined && def.restartPolicy !== "always") fail(`${path}.restartPolicy`, "must be 'always'");
  let startupOrder = DEFAULT_STARTUP_ORDER;
  if (def.startupOrder !== undefined) {
    const order = def.startupOrder;
    if (typeof order !== "number" || !Number.isInteger(order) || order < 0 || order > DEFAULT_STARTUP_ORDER) {
      fail(`${path}.startupOrder`, "must be an integer from 0 to 4294967295");
    }
    startupOrder = order as number;
  }
  // status, restartPolicy and startupOrder change what the agent does, not the container; the
  // `configuration.id` the hub stamps (which deployment supplied the module) changes nothing at all.
  const { status: _s, restartPolicy: _r, startupOrder: _o, configuration: _c, ...containerShape } = def;
  return { name, status, restartPolicy, image: image.trim(), startupOrder, definition: def, fingerprint: JSON.stringify(containerShape) };
}

export function parseAgentDesired(desired: JsonObject): ParseOutcome {
  const doc = withoutSystemKeys(desired);
  if (Object.keys(doc).length === 0) return { ok: false, code: 417, description: "Deployment config is empty" };
  try {
    const schemaVersion = stringAt(doc, "schemaVersion", "schemaVersion");
    if (!isSupportedSchemaVersion(schemaVersion, 1)) {
      return { ok: false, code: 412, description: `Desired properties schema version ${schemaVersion} is not supported (expected 1.0 or 1.1)` };
    }
    const runtime = objectAt(doc, "runtime", "runtime");
    stringAt(runtime, "type", "runtime.type", ["docker"]);
    const systemModules = objectAt(doc, "systemModules", "systemModules");
    const edgeAgent = moduleSpec("edgeAgent", systemModules.edgeAgent ?? null, "systemModules.edgeAgent", true);
    const edgeHub = moduleSpec("edgeHub", systemModules.edgeHub ?? null, "systemModules.edgeHub", true);
    const modulesDoc = objectAt(doc, "modules", "modules");
    const modules = Object.entries(modulesDoc).map(([name, raw]) => {
      if (!MODULE_NAME.test(name)) fail(`modules.${name}`, "is not a valid module name ([a-zA-Z0-9_-]+)");
      return moduleSpec(name, raw, `modules.${name}`, false);
    });
    modules.sort((a, b) => a.startupOrder - b.startupOrder || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { ok: true, config: { schemaVersion, runtime, edgeAgent: edgeAgent.definition, edgeHub, modules } };
  } catch (error) {
    if (error instanceof DesiredError) return { ok: false, code: 400, description: `Error parsing desired properties: ${error.message}` };
    throw error;
  }
}
