import { describe, expect, it } from "vitest";
import { deviceFaults, FAULT_PRESETS, faultProfileSchema } from "./fault-profile";
import { rngFor } from "./prng";

const schedule = (seed: number, profile = FAULT_PRESETS.chaos!) =>
  Array.from({ length: 20 }, (_, i) => {
    const f = deviceFaults(seed, `sim-${i}`, profile);
    return {
      crash: [f.crash("tempSensor", 0), f.crash("tempSensor", 1), f.crash("filter", 0)],
      pull: f.pullDelayMs("tempSensor", "img:1"),
      offline: [f.offlineWindow(0), f.offlineWindow(1)],
    };
  });

describe("seeded faults", () => {
  it("same seed ⇒ same schedule; another seed ⇒ another", () => {
    expect(schedule(7)).toEqual(schedule(7));
    expect(schedule(8)).not.toEqual(schedule(7));
  });

  it("a decision does not depend on the order of the others", () => {
    const a = deviceFaults(3, "d", FAULT_PRESETS.chaos!);
    const first = a.pullDelayMs("m", "i");
    a.crash("x", 0);
    a.offlineWindow(4);
    expect(deviceFaults(3, "d", FAULT_PRESETS.chaos!).pullDelayMs("m", "i")).toBe(first);
  });

  it("share 1 crashes every run within runForMs with a listed exit code; share 0 never; module filter applies", () => {
    const always = deviceFaults(1, "d", { crashLoop: { share: 1, runForMs: [100, 200], exitCodes: [139], modules: ["bad"] } });
    for (let run = 0; run < 10; run++) {
      const plan = always.crash("bad", run)!;
      expect(plan.exitCode).toBe(139);
      expect(plan.afterMs).toBeGreaterThanOrEqual(100);
      expect(plan.afterMs).toBeLessThanOrEqual(200);
    }
    expect(always.crash("good", 0)).toBeNull();
    expect(deviceFaults(1, "d", { crashLoop: { share: 0, runForMs: [1, 2], exitCodes: [1] } }).crash("bad", 0)).toBeNull();
    expect(deviceFaults(1, "d", {}).offlineWindow(0)).toBeNull();
  });

  it("shares are roughly honoured over many devices", () => {
    const n = 2000;
    let crashing = 0;
    for (let i = 0; i < n; i++) if (deviceFaults(5, `d${i}`, { crashLoop: { share: 0.25, runForMs: [1, 2], exitCodes: [1] } }).crash("m", 0)) crashing++;
    expect(crashing / n).toBeGreaterThan(0.2);
    expect(crashing / n).toBeLessThan(0.3);
  });

  it("the profile schema fills defaults and rejects unknown keys and bad ranges", () => {
    expect(faultProfileSchema.parse({ slowPull: { share: 0.5 } })).toEqual({ slowPull: { share: 0.5, delayMs: [2000, 20000] } });
    expect(faultProfileSchema.safeParse({ crash: {} }).success).toBe(false);
    expect(faultProfileSchema.safeParse({ offline: { share: 0.1, offlineMs: [5, 1] } }).success).toBe(false);
    expect(faultProfileSchema.safeParse({ offline: { share: 2 } }).success).toBe(false);
  });

  it("rngFor is stable across runs (fixed values)", () => {
    const r = rngFor(42, "a");
    expect([r.int(0, 1000), r.int(0, 1000)]).toEqual([rngFor(42, "a").int(0, 1000), (() => { const x = rngFor(42, "a"); x.next(); return x.int(0, 1000); })()]);
  });
});
