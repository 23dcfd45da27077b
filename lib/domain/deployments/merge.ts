import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from "../twins";
import { DESIRED_KEY, dottedDesiredPath, isLayeredContent } from "./layered";
import type { DeploymentForMerge, DeploymentStatus, MergeResult } from "./types";

/**
 * Base + layer merge for one device, reference §5.3: exactly one base (highest priority; ties go to
 * the most recently created), then every layer whose priority is above the base's, ascending (ties
 * again newest last, so newest wins). Dotted keys write their value at `desired.<path>`; a plain
 * `properties.desired` replaces the module's whole section. Without a base nothing is applied: a
 * layer alone would hand the device a manifest with no runtime.
 */

const createdAt = (d: DeploymentForMerge) => {
  const t = Date.parse(d.createdTimeUtc);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

/** Ascending by priority, then creation time, then id (so the order is total and stable). */
function compareStacking(a: DeploymentForMerge, b: DeploymentForMerge): number {
  return a.priority - b.priority || createdAt(a) - createdAt(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Who last wrote each path of one module's desired document; `seq` orders the writes. */
type WriteLog = Map<string, { id: string; seq: number }>;

function recordWrite(log: WriteLog, path: string[], id: string, seq: number): void {
  const key = path.join("/");
  for (const existing of [...log.keys()]) if (existing === key || existing.startsWith(`${key}/`)) log.delete(existing);
  log.set(key, { id, seq });
}

/** The latest writer of `path`, one of its ancestors or one of its descendants. */
function ownerOf(log: WriteLog | undefined, path: string): string | undefined {
  let best: { id: string; seq: number } | undefined;
  for (const [key, write] of log ?? []) {
    const related = key === path || path.startsWith(`${key}/`) || key.startsWith(`${path}/`);
    if (related && (!best || write.seq > best.seq)) best = write;
  }
  return best?.id;
}

function setAtPath(doc: JsonObject, path: string[], value: JsonValue): void {
  let at = doc;
  for (const segment of path.slice(0, -1)) {
    const next = Object.hasOwn(at, segment) ? at[segment] : undefined;
    if (!isJsonObject(next)) Object.defineProperty(at, segment, { value: {}, enumerable: true, writable: true, configurable: true });
    at = at[segment] as JsonObject;
  }
  const last = path[path.length - 1]!;
  // null removes the property, as in an ADM configuration (§5.3): twins cannot store null anyway.
  if (value === null) delete at[last];
  else Object.defineProperty(at, last, { value: cloneJson(value), enumerable: true, writable: true, configurable: true });
}

type Desired = Map<string, JsonObject>;

function replaceSection(desired: Desired, logs: Map<string, WriteLog>, module: string, section: JsonObject, id: string, seq: number) {
  desired.set(module, cloneJson(section));
  const log: WriteLog = new Map();
  for (const key of Object.keys(section)) log.set(key, { id, seq });
  logs.set(module, log);
}

function applyDeployment(d: DeploymentForMerge, desired: Desired, logs: Map<string, WriteLog>, seq: number): void {
  for (const [module, entry] of Object.entries(d.modulesContent)) {
    if (!isJsonObject(entry)) continue;
    // The whole-section form first, so dotted keys of the same entry refine it rather than vanish.
    const section = entry[DESIRED_KEY];
    if (isJsonObject(section)) replaceSection(desired, logs, module, section, d.id, seq);
    for (const [key, value] of Object.entries(entry)) {
      const path = dottedDesiredPath(key);
      if (!path) continue;
      const doc = desired.get(module) ?? {};
      desired.set(module, doc);
      setAtPath(doc, path, value);
      const log = logs.get(module) ?? new Map();
      logs.set(module, log);
      recordWrite(log, path, d.id, seq);
    }
  }
}

function stampConfiguration(target: JsonValue | undefined, id: string | undefined): void {
  if (isJsonObject(target) && id !== undefined) target.configuration = { id };
}

function buildProvenance(desired: Desired, logs: Map<string, WriteLog>): Record<string, string> {
  const out = new Map<string, string>();
  const put = (key: string, id: string | undefined) => {
    if (id !== undefined) out.set(key, id);
  };
  const agent = desired.get("$edgeAgent");
  if (agent) {
    const log = logs.get("$edgeAgent");
    if (agent.runtime !== undefined) put("$edgeAgent/runtime", ownerOf(log, "runtime"));
    const system = isJsonObject(agent.systemModules) ? agent.systemModules : {};
    for (const name of Object.keys(system)) put(`$edgeAgent/systemModules/${name}`, ownerOf(log, `systemModules/${name}`));
    for (const name of Object.keys(isJsonObject(agent.modules) ? agent.modules : {})) put(`$edgeAgent/modules/${name}`, ownerOf(log, `modules/${name}`));
  }
  const hub = desired.get("$edgeHub");
  if (hub) {
    const log = logs.get("$edgeHub");
    for (const name of Object.keys(isJsonObject(hub.routes) ? hub.routes : {})) put(`$edgeHub/routes/${name}`, ownerOf(log, `routes/${name}`));
    if (hub.storeAndForwardConfiguration !== undefined) put("$edgeHub/storeAndForwardConfiguration", ownerOf(log, "storeAndForwardConfiguration"));
  }
  for (const [module, log] of logs) {
    if (module === "$edgeAgent" || module === "$edgeHub") continue;
    for (const [path, write] of log) if (hasPath(desired.get(module), path.split("/"))) put(`${module}/${path}`, write.id);
  }
  return Object.fromEntries(out);
}

function hasPath(doc: JsonValue | undefined, path: string[]): boolean {
  let at = doc;
  for (const segment of path) {
    if (!isJsonObject(at) || !Object.hasOwn(at, segment)) return false;
    at = at[segment];
  }
  return true;
}

export function mergeDeployments(matching: DeploymentForMerge[]): MergeResult {
  // Maps, then Object.fromEntries: ids and module names such as `__proto__` are valid and must stay plain keys.
  const status = new Map<string, DeploymentStatus>(matching.map((d) => [d.id, "Targeted"]));
  const ordered = [...matching].sort(compareStacking);
  const bases = ordered.filter((d) => !isLayeredContent(d.modulesContent));
  const base = bases[bases.length - 1];
  if (!base) return { base: null, statusById: Object.fromEntries(status), desiredByModule: {}, provenance: {} };

  const layers = ordered.filter((d) => isLayeredContent(d.modulesContent) && d.priority > base.priority);
  const desired: Desired = new Map();
  const logs = new Map<string, WriteLog>();
  [base, ...layers].forEach((d, seq) => {
    status.set(d.id, "Applied");
    applyDeployment(d, desired, logs, seq);
  });

  const provenance = buildProvenance(desired, logs);
  const agent = desired.get("$edgeAgent");
  if (agent) {
    const system = isJsonObject(agent.systemModules) ? agent.systemModules : {};
    // The agent's own configuration comes from whoever supplied the runtime it runs: the base.
    stampConfiguration(system.edgeAgent, provenance["$edgeAgent/systemModules/edgeAgent"] ?? base.id);
    stampConfiguration(system.edgeHub, provenance["$edgeAgent/systemModules/edgeHub"]);
    const modules = isJsonObject(agent.modules) ? agent.modules : {};
    for (const [name, module] of Object.entries(modules)) stampConfiguration(module, provenance[`$edgeAgent/modules/${name}`]);
  }
  return { base: base.id, statusById: Object.fromEntries(status), desiredByModule: Object.fromEntries(desired), provenance };
}
