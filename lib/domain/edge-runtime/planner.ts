import type { JsonObject } from "../twins";
import type { AgentConfig, ModuleSpec } from "./agent-desired";
import { coolOffMs, isRestartEligible, type RestartSettings } from "./backoff";
import type { DeviceFaults } from "./fault-profile";
import { isKnownImage, type KnownImage } from "./known-images";

/**
 * The simulated edgeAgent's reconcile step (reference §8.1, §8.2): given the parsed deployment, the
 * images the device can pull, the instances it runs and the time, it pulls, creates, starts, stops,
 * restarts (with backoff) and removes module instances. Pure: the caller keeps the returned state
 * and calls again at `nextWakeAt` or when the deployment changes. Events that fell due between calls
 * (a crash, a backoff restart) are applied at their own time, so results do not depend on how late
 * the caller woke up.
 */
export type RuntimeStatus = "unknown" | "backoff" | "running" | "unhealthy" | "stopped" | "failed" | "dead";

export type ModuleInstance = {
  name: string;
  image: string;
  fingerprint: string;
  /** The latest desired definition seen for this container (copied into reported). */
  definition: JsonObject;
  /** The desired status last acted on: a change is applied regardless of the restart policy. */
  appliedStatus: "running" | "stopped";
  runtimeStatus: RuntimeStatus;
  exitCode: number;
  statusDescription: string;
  lastStartTime: number | null;
  lastExitTime: number | null;
  restartCount: number;
  lastRestartTime: number | null;
  /** Starts so far (fault draws are keyed by it). */
  runs: number;
  crashAt: number | null;
  crashExitCode: number;
  /** No container: the image could not be pulled. */
  isPlaceholder?: boolean;
};

export type PendingPull = { fingerprint: string; doneAt: number };
export type RuntimeState = { instances: Record<string, ModuleInstance>; pulls: Record<string, PendingPull> };
export const EMPTY_RUNTIME_STATE: RuntimeState = { instances: {}, pulls: {} };

export type PlanAction = {
  kind: "pull" | "create" | "start" | "stop" | "crash" | "backoff" | "restart" | "fail" | "remove" | "image-not-found";
  module: string;
  at: number;
  detail?: string;
};

export type PlanResult = {
  state: RuntimeState;
  actions: PlanAction[];
  /** Steps that failed (named), for lastDesiredStatus 500. */
  failures: string[];
  /** Image pulls still running: the deployment is not processed yet. */
  isPending: boolean;
  nextWakeAt: number | null;
};

export type PlanInput = {
  config: AgentConfig;
  state: RuntimeState;
  now: number;
  knownImages: readonly KnownImage[];
  settings: RestartSettings;
  faults: DeviceFaults;
};

function start(inst: ModuleInstance, at: number, faults: DeviceFaults): void {
  const crash = faults.crash(inst.name, inst.runs);
  inst.runs += 1;
  inst.runtimeStatus = "running";
  inst.exitCode = 0;
  inst.statusDescription = "running";
  inst.lastStartTime = at;
  inst.crashAt = crash ? at + crash.afterMs : null;
  inst.crashExitCode = crash?.exitCode ?? 0;
}

function exit(inst: ModuleInstance, at: number, exitCode: number, description: string): void {
  inst.runtimeStatus = exitCode === 0 ? "stopped" : "failed";
  inst.exitCode = exitCode;
  inst.statusDescription = description;
  inst.lastExitTime = at;
  inst.crashAt = null;
}

function created(spec: ModuleSpec): ModuleInstance {
  return {
    name: spec.name,
    image: spec.image,
    fingerprint: spec.fingerprint,
    definition: spec.definition,
    appliedStatus: "stopped",
    runtimeStatus: "stopped",
    exitCode: 0,
    statusDescription: "created",
    lastStartTime: null,
    lastExitTime: null,
    restartCount: 0,
    lastRestartTime: null,
    runs: 0,
    crashAt: null,
    crashExitCode: 0,
  };
}

/** Applies every event of one instance that is due by `now`; returns when the next one falls due. */
function advance(inst: ModuleInstance, spec: ModuleSpec, now: number, input: PlanInput, actions: PlanAction[]): number | null {
  const { settings, faults } = input;
  for (let guard = 0; guard < 10_000; guard++) {
    if (inst.runtimeStatus === "running") {
      if (inst.crashAt !== null && inst.crashAt <= now) {
        const at = inst.crashAt;
        exit(inst, at, inst.crashExitCode, "Error");
        actions.push({ kind: "crash", module: inst.name, at, detail: `exit code ${inst.exitCode}` });
        continue;
      }
      const careUntil = inst.restartCount > 0 && inst.lastStartTime !== null ? inst.lastStartTime + settings.intensiveCareMs : null;
      if (careUntil !== null && careUntil <= Math.min(now, inst.crashAt ?? Infinity)) {
        inst.restartCount = 0;
        inst.lastRestartTime = null;
        continue;
      }
      return Math.min(inst.crashAt ?? Infinity, careUntil ?? Infinity);
    }
    if (inst.appliedStatus !== "running" || inst.lastExitTime === null) return null;
    if (!isRestartEligible(spec.restartPolicy, inst.exitCode)) return null;
    if (inst.restartCount >= settings.maxRestartCount) {
      if (inst.runtimeStatus !== "failed" || !inst.statusDescription.startsWith("Restart budget")) {
        inst.runtimeStatus = "failed";
        inst.statusDescription = `Restart budget exhausted after ${inst.restartCount} restarts (last exit code ${inst.exitCode})`;
        actions.push({ kind: "fail", module: inst.name, at: now });
      }
      return null;
    }
    const restartAt = inst.lastExitTime + coolOffMs(inst.restartCount, settings);
    if (restartAt > now) {
      if (inst.runtimeStatus !== "backoff") {
        inst.runtimeStatus = "backoff";
        actions.push({ kind: "backoff", module: inst.name, at: now, detail: `restart at ${new Date(restartAt).toISOString()}` });
      }
      return restartAt;
    }
    inst.restartCount += 1;
    inst.lastRestartTime = restartAt;
    start(inst, restartAt, faults);
    actions.push({ kind: "restart", module: inst.name, at: restartAt, detail: `restart ${inst.restartCount}` });
  }
  return null;
}

export function planModules(input: PlanInput): PlanResult {
  const { config, now, faults } = input;
  const instances: Record<string, ModuleInstance> = {};
  for (const [name, inst] of Object.entries(input.state.instances)) instances[name] = { ...inst };
  const pulls = { ...input.state.pulls };
  const actions: PlanAction[] = [];
  const failures: string[] = [];
  let isPending = false;
  let nextWakeAt = Infinity;
  const wake = (at: number | null) => {
    if (at !== null && at < nextWakeAt) nextWakeAt = at;
  };

  const wanted = new Set(config.modules.map((m) => m.name));
  for (const name of Object.keys(instances)) {
    if (wanted.has(name)) continue;
    delete instances[name];
    actions.push({ kind: "remove", module: name, at: now });
  }
  for (const name of Object.keys(pulls)) if (!wanted.has(name)) delete pulls[name];

  for (const spec of config.modules) {
    let inst = instances[spec.name];
    if (!isKnownImage(spec.image, input.knownImages)) {
      failures.push(`image not found: ${spec.image} (module ${spec.name})`);
      delete pulls[spec.name];
      // A running container keeps its old image (§8.1); without one, the failure is the status.
      if (!inst || inst.isPlaceholder) {
        const description = `Image not found: ${spec.image}`;
        if (!inst || inst.statusDescription !== description) actions.push({ kind: "image-not-found", module: spec.name, at: now, detail: spec.image });
        inst = { ...created(spec), runtimeStatus: "failed", exitCode: 0, statusDescription: description, isPlaceholder: true };
        inst.appliedStatus = spec.status;
        instances[spec.name] = inst;
      }
      continue;
    }
    if (!inst || inst.fingerprint !== spec.fingerprint || inst.isPlaceholder) {
      let pull = pulls[spec.name];
      if (!pull || pull.fingerprint !== spec.fingerprint) {
        pull = { fingerprint: spec.fingerprint, doneAt: now + faults.pullDelayMs(spec.name, spec.image) };
        pulls[spec.name] = pull;
        actions.push({ kind: "pull", module: spec.name, at: now, detail: spec.image });
      }
      if (pull.doneAt > now) {
        isPending = true;
        wake(pull.doneAt);
        // The old container (if any) keeps running its old image until the pull is done.
        if (inst) wake(advance(inst, spec, now, input, actions));
        continue;
      }
      delete pulls[spec.name];
      inst = created(spec);
      instances[spec.name] = inst;
      actions.push({ kind: "create", module: spec.name, at: now, detail: spec.image });
    }
    inst.definition = spec.definition;
    if (spec.status !== inst.appliedStatus) {
      inst.appliedStatus = spec.status;
      if (spec.status === "running") {
        inst.restartCount = 0;
        inst.lastRestartTime = null;
        start(inst, now, faults);
        actions.push({ kind: "start", module: spec.name, at: now });
      } else if (inst.runtimeStatus === "running" || inst.runtimeStatus === "backoff") {
        if (inst.runtimeStatus === "running") exit(inst, now, 0, "stopped");
        else inst.runtimeStatus = inst.exitCode === 0 ? "stopped" : "failed";
        actions.push({ kind: "stop", module: spec.name, at: now });
      }
    }
    wake(advance(inst, spec, now, input, actions));
  }

  return {
    state: { instances, pulls },
    actions,
    failures,
    isPending,
    nextWakeAt: Number.isFinite(nextWakeAt) ? nextWakeAt : null,
  };
}

/**
 * The `RestartModule` direct method (reference §8.4): the container is stopped and started again
 * at once. restartCount is the policy's count of crash restarts and is left as it is. A module that
 * is not in the deployment, has no container or is desired `stopped` cannot be restarted.
 */
export function restartModule(
  state: RuntimeState,
  name: string,
  now: number,
  faults: DeviceFaults,
): { ok: true; state: RuntimeState } | { ok: false; message: string } {
  const inst = state.instances[name];
  if (!inst) return { ok: false, message: `Module ${name} is not part of the current deployment` };
  if (inst.isPlaceholder) return { ok: false, message: `Module ${name} has no container: ${inst.statusDescription}` };
  if (inst.appliedStatus !== "running") return { ok: false, message: `Module ${name} is desired stopped` };
  const restarted = { ...inst };
  if (restarted.runtimeStatus === "running") exit(restarted, now, 0, "stopped");
  start(restarted, now, faults);
  return { ok: true, state: { ...state, instances: { ...state.instances, [name]: restarted } } };
}
