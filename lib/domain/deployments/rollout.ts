import { isJsonObject, type JsonObject, type JsonValue } from "../twins";

/**
 * Where one device stands with its deployment, from `$edgeAgent` reported (reference §8.1,
 * doc/reported_states_during_deployment.md): pending until edgeAgent has processed this desired
 * `$version`; failure when it rejected the document (400/412/417), a step failed (500), or a
 * module cannot run; success when every module's runtimeStatus matches its desired status.
 * Failures are listed in every state, so a pending rollout still shows a module that is crashing.
 */
export type RolloutFailureKind = "image-not-found" | "crash-loop" | "rejected-desired" | "failed";
export type RolloutFailure = { module: string; kind: RolloutFailureKind; message: string; since: string | null };
export type RolloutState = { state: "pending" | "success" | "failure"; failures: RolloutFailure[] };

const IMAGE_NOT_FOUND = /image not found|manifest unknown|pull access denied|repository does not exist|no such image|not found: manifest/i;
/** A pull that timed out; edgeAgent keeps pulling and the next attempt may succeed (§8.1). */
const TRANSIENT_500 = /the operation was canceled/i;
/** Running now but restarted this often within the last 10 minutes (edgeAgent's intensive-care window): flapping. */
const FLAPPING_RESTARTS = 3;
const INTENSIVE_CARE_MS = 10 * 60_000;

/** edgeAgent writes `0001-01-01T00:00:00` for "never". */
function timestamp(value: JsonValue | undefined): string | null {
  if (typeof value !== "string" || value.startsWith("0001-")) return null;
  return Number.isNaN(Date.parse(value)) ? null : value;
}

function moduleFailure(name: string, m: JsonObject, now: Date): RolloutFailure | null {
  const runtimeStatus = typeof m.runtimeStatus === "string" ? m.runtimeStatus : "unknown";
  const description = typeof m.statusDescription === "string" ? m.statusDescription : "";
  const restarts = typeof m.restartCount === "number" ? m.restartCount : 0;
  const exitCode = typeof m.exitCode === "number" ? m.exitCode : null;
  const lastExit = timestamp(m.lastExitTimeUtc);
  const exited = exitCode === null ? "exited" : `exited with code ${exitCode}`;
  if (IMAGE_NOT_FOUND.test(description)) return { module: name, kind: "image-not-found", message: description, since: null };
  if (runtimeStatus === "backoff") {
    return { module: name, kind: "crash-loop", message: `${exited}; restart ${restarts + 1} is scheduled (${description || "backoff"})`, since: lastExit };
  }
  if (runtimeStatus === "failed" && (restarts > 0 || /restart budget/i.test(description))) {
    return { module: name, kind: "crash-loop", message: `${exited} after ${restarts} restarts; edgeAgent has stopped restarting it until the deployment changes`, since: lastExit };
  }
  if (runtimeStatus === "failed" || runtimeStatus === "dead" || runtimeStatus === "unhealthy") {
    return { module: name, kind: "failed", message: `${runtimeStatus}: ${description || exited}`, since: lastExit };
  }
  const lastRestart = timestamp(m.lastRestartTimeUtc);
  if (runtimeStatus === "running" && restarts >= FLAPPING_RESTARTS && lastRestart && now.getTime() - Date.parse(lastRestart) < INTENSIVE_CARE_MS) {
    return { module: name, kind: "crash-loop", message: `running, but restarted ${restarts} times in the last minutes (last ${exited})`, since: lastRestart };
  }
  return null;
}

/** `systemModules.edgeHub` and every custom module, as reported; edgeAgent itself is reporting, so it runs. */
function reportedModules(reported: JsonObject): [string, JsonObject][] {
  const system = isJsonObject(reported.systemModules) ? reported.systemModules : {};
  const modules = isJsonObject(reported.modules) ? reported.modules : {};
  return [
    ...(isJsonObject(system.edgeHub) ? [["edgeHub", system.edgeHub] as [string, JsonObject]] : []),
    ...Object.entries(modules).filter((e): e is [string, JsonObject] => isJsonObject(e[1])),
  ];
}

export function rolloutState(input: { desiredVersion: number; reported: JsonObject; now: Date }): RolloutState {
  const { desiredVersion, reported, now } = input;
  const modules = reportedModules(reported);
  const failures = modules.map(([name, m]) => moduleFailure(name, m, now)).filter((f): f is RolloutFailure => f !== null);
  const status = isJsonObject(reported.lastDesiredStatus) ? reported.lastDesiredStatus : {};
  const code = typeof status.code === "number" ? status.code : null;
  const description = typeof status.description === "string" ? status.description : "";
  if (reported.lastDesiredVersion !== desiredVersion || code === null || code === 406) return { state: "pending", failures };
  if (code === 400 || code === 412 || code === 417) {
    return { state: "failure", failures: [{ module: "$edgeAgent", kind: "rejected-desired", message: `${code}: ${description || "desired properties rejected"}`, since: null }, ...failures] };
  }
  if (code === 500) {
    if (TRANSIENT_500.test(description) && failures.length === 0) return { state: "pending", failures };
    if (failures.length > 0) return { state: "failure", failures };
    return { state: "failure", failures: [{ module: "$edgeAgent", kind: IMAGE_NOT_FOUND.test(description) ? "image-not-found" : "failed", message: description || "a deployment step failed", since: null }] };
  }
  if (failures.length > 0) return { state: "failure", failures };
  // Success needs every module in the state it was asked for; "unknown"/starting modules are pending.
  const settled = modules.every(([, m]) => (m.status === "stopped" ? m.runtimeStatus !== "running" : m.runtimeStatus === "running"));
  return { state: code === 200 && settled ? "success" : "pending", failures };
}
