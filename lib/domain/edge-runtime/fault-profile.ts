import { z } from "zod";
import { rngFor } from "./prng";

/**
 * Faults a simulated fleet suffers, drawn from a seed (docs/simulator.md, "Fault profile"). Every
 * draw is keyed by (seed, device, module or window, purpose), so the same seed gives the same
 * crash loops, pull delays and offline windows whatever order devices start in.
 */
const range = z.tuple([z.number().min(0), z.number().min(0)]).refine(([a, b]) => a <= b, "min must not exceed max");
const share = z.number().min(0).max(1);

export const faultProfileSchema = z
  .object({
    crashLoop: z
      .object({
        /** Probability that a given (device, module) crashes on every run. */
        share,
        /** How long each run lasts before the crash, ms. */
        runForMs: range.default([5_000, 30_000]),
        exitCodes: z.array(z.number().int()).min(1).default([1, 137, 139]),
        /** Only these module names may crash (all custom modules when omitted). */
        modules: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    slowPull: z.object({ share, delayMs: range.default([2_000, 20_000]) }).strict().optional(),
    offline: z
      .object({
        /** Probability that a device goes offline now and then. */
        share,
        /** Time online before each offline period, ms. */
        onlineMs: range.default([120_000, 600_000]),
        /** Length of each offline period, ms. */
        offlineMs: range.default([20_000, 120_000]),
      })
      .strict()
      .optional(),
  })
  .strict();

export type FaultProfile = z.infer<typeof faultProfileSchema>;

export const FAULT_PRESETS: Record<string, FaultProfile> = {
  none: {},
  demo: {
    crashLoop: { share: 0.06, runForMs: [8_000, 40_000], exitCodes: [1, 137, 139] },
    slowPull: { share: 0.2, delayMs: [3_000, 15_000] },
    offline: { share: 0.08, onlineMs: [180_000, 900_000], offlineMs: [30_000, 120_000] },
  },
  chaos: {
    crashLoop: { share: 0.3, runForMs: [3_000, 20_000], exitCodes: [1, 2, 137, 139] },
    slowPull: { share: 0.5, delayMs: [5_000, 60_000] },
    offline: { share: 0.3, onlineMs: [60_000, 300_000], offlineMs: [10_000, 90_000] },
  },
};

export type CrashPlan = { afterMs: number; exitCode: number };
export type OfflineWindow = { onlineMs: number; offlineMs: number };

/** The faults of one device, as the planner and the simulator ask for them. */
export type DeviceFaults = {
  /** null: this run does not crash. `run` counts starts of the module (0 = first). */
  crash(moduleName: string, run: number): CrashPlan | null;
  pullDelayMs(moduleName: string, image: string): number;
  /** The k-th offline period (k = 0, 1, …) or null when the device never goes offline. */
  offlineWindow(k: number): OfflineWindow | null;
};

const pick = (r: { int(a: number, b: number): number }, [lo, hi]: readonly [number, number]) => r.int(Math.round(lo), Math.round(hi));

export function deviceFaults(seed: number | string, deviceId: string, profile: FaultProfile): DeviceFaults {
  const crashes = (moduleName: string) => {
    const c = profile.crashLoop;
    if (!c || (c.modules && !c.modules.includes(moduleName))) return false;
    return rngFor(seed, deviceId, moduleName, "crash").next() < c.share;
  };
  const offlineProne = profile.offline ? rngFor(seed, deviceId, "offline").next() < profile.offline.share : false;
  return {
    crash(moduleName, run) {
      const c = profile.crashLoop;
      if (!c || !crashes(moduleName)) return null;
      const r = rngFor(seed, deviceId, moduleName, "crash-run", run);
      return { afterMs: pick(r, c.runForMs), exitCode: c.exitCodes[r.int(0, c.exitCodes.length - 1)]! };
    },
    pullDelayMs(moduleName, image) {
      const s = profile.slowPull;
      if (!s) return 0;
      const r = rngFor(seed, deviceId, moduleName, image, "pull");
      return r.next() < s.share ? pick(r, s.delayMs) : 0;
    },
    offlineWindow(k) {
      const o = profile.offline;
      if (!o || !offlineProne) return null;
      const r = rngFor(seed, deviceId, "offline-window", k);
      return { onlineMs: pick(r, o.onlineMs), offlineMs: pick(r, o.offlineMs) };
    },
  };
}

export const NO_FAULTS: DeviceFaults = { crash: () => null, pullDelayMs: () => 0, offlineWindow: () => null };
