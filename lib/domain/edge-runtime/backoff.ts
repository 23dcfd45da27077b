import type { RestartPolicy } from "./agent-desired";

/**
 * edgeAgent's restart rules (reference §6.3, §8.2; EDGE RestartPolicyManager.cs). Times in ms so
 * tests can shrink them; the defaults are the runtime's.
 */
export type RestartSettings = {
  /** CoolOffTimeUnitInSeconds × 1000. */
  coolOffUnitMs: number;
  /** The 300 s cap on one cool-off. */
  maxCoolOffMs: number;
  /** MaxRestartCount: at this many restarts the module is left `failed`. */
  maxRestartCount: number;
  /** IntensiveCareTimeInMinutes × 60000: after running this long, restartCount is cleared. */
  intensiveCareMs: number;
};

export const DEFAULT_RESTART_SETTINGS: RestartSettings = {
  coolOffUnitMs: 10_000,
  maxCoolOffMs: 300_000,
  maxRestartCount: 20,
  intensiveCareMs: 10 * 60_000,
};

/** coolOff(n) = min(unit × 2^n, cap): 10, 20, 40, 80, 160, then 300 s with the defaults. */
export function coolOffMs(restartCount: number, settings: RestartSettings): number {
  return Math.min(settings.coolOffUnitMs * 2 ** Math.min(restartCount, 30), settings.maxCoolOffMs);
}

/**
 * Whether a module that is not running gets restarted: `always` for any exit, `on-failure` and
 * `on-unhealthy` only for a non-zero exit (Docker health is not mapped to unhealthy, so the two
 * behave alike), `never` never.
 */
export function isRestartEligible(policy: RestartPolicy, exitCode: number): boolean {
  if (policy === "always") return true;
  if (policy === "never") return false;
  return exitCode !== 0;
}
