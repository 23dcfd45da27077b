import { describe, expect, it } from "vitest";
import type { JsonObject } from "../twins";
import { INITIAL_AGENT_MEMORY, runAgentStep, type AgentMemory } from "./agent-step";
import type { RestartSettings } from "./backoff";
import { deviceFaults, NO_FAULTS, type DeviceFaults } from "./fault-profile";
import { BUILT_IN_IMAGES } from "./known-images";
import { NEVER_UTC } from "./reported";
import { agentDesired } from "./test-fixtures";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const FAST: RestartSettings = { coolOffUnitMs: 1_000, maxCoolOffMs: 8_000, maxRestartCount: 5, intensiveCareMs: 60_000 };
const iso = (ms: number) => new Date(ms).toISOString();

/** Runs the agent over a desired document at the given times, returning every step. */
function run(desired: JsonObject, times: number[], faults: DeviceFaults = NO_FAULTS, start: AgentMemory = INITIAL_AGENT_MEMORY) {
  let memory = start;
  return times.map((now) => {
    const step = runAgentStep({ desired, memory, now, knownImages: BUILT_IN_IMAGES, settings: FAST, faults, agentStartTime: T0, edgeHubStartTime: T0 });
    memory = step.memory;
    return step;
  });
}
const modulesOf = (reported: JsonObject) => reported.modules as Record<string, JsonObject>;

describe("edgeAgent step: deployment outcomes (§8.1)", () => {
  it("two modules start: running, 200, full reported document", () => {
    const [step] = run(agentDesired({ a: {}, b: { restartPolicy: "on-failure" } }, 5), [T0]);
    const r = step!.reported;
    expect(r).toMatchObject({
      schemaVersion: "1.0",
      lastDesiredVersion: 5,
      lastDesiredStatus: { code: 200, description: "" },
      runtime: { type: "docker", platform: { os: "linux", architecture: "x86_64", version: "1.5.21" } },
      systemModules: {
        edgeAgent: { runtimeStatus: "running", lastStartTimeUtc: iso(T0), lastExitTimeUtc: NEVER_UTC },
        edgeHub: { runtimeStatus: "running", status: "running", restartPolicy: "always", restartCount: 0 },
      },
    });
    expect(modulesOf(r).b).toEqual({
      version: "1.0", type: "docker", status: "running", restartPolicy: "on-failure",
      settings: { image: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5", createOptions: "{}", imageHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      runtimeStatus: "running", exitCode: 0, statusDescription: "running", lastStartTimeUtc: iso(T0),
      lastExitTimeUtc: NEVER_UTC, restartCount: 0, lastRestartTimeUtc: NEVER_UTC,
    });
    expect(step!.actions.map((a) => `${a.kind}:${a.module}`)).toEqual(["pull:a", "create:a", "start:a", "pull:b", "create:b", "start:b"]);
  });

  it.each([
    ["empty deployment", { $version: 3 }, 417],
    ["schema 2.0", { ...agentDesired({}), schemaVersion: "2.0", $version: 3 }, 412],
    ["malformed module", agentDesired({ a: { status: "paused" } }, 3), 400],
  ])("%s ⇒ %i with the version acknowledged", (_name, desired, code) => {
    const [step] = run(desired, [T0]);
    expect(step!.reported).toMatchObject({ lastDesiredVersion: 3, lastDesiredStatus: { code } });
  });

  it("an unparseable update keeps the old deployment running", () => {
    const [first] = run(agentDesired({ a: {} }, 2), [T0]);
    const [second] = run({ ...agentDesired({ a: {} }, 3), schemaVersion: "9.9" }, [T0 + 1000], NO_FAULTS, first!.memory);
    expect(second!.reported).toMatchObject({ lastDesiredVersion: 3, lastDesiredStatus: { code: 412 } });
    expect(modulesOf(second!.reported).a!.runtimeStatus).toBe("running");
  });

  it("an unknown image is a named failure: 500 and a failed module naming the image", () => {
    const [step] = run(agentDesired({ good: {}, bad: { settings: { image: "contoso.azurecr.io/nope:9" } } }, 4), [T0]);
    expect(step!.reported.lastDesiredStatus).toEqual({ code: 500, description: "Failed: image not found: contoso.azurecr.io/nope:9 (module bad)" });
    expect(modulesOf(step!.reported).bad).toMatchObject({ runtimeStatus: "failed", statusDescription: "Image not found: contoso.azurecr.io/nope:9" });
    expect(modulesOf(step!.reported).good!.runtimeStatus).toBe("running");
  });

  it("a wrong tag of a known repository is unknown too", () => {
    const [step] = run(agentDesired({ a: { settings: { image: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:0.1" } } }), [T0]);
    expect(step!.reported.lastDesiredStatus).toMatchObject({ code: 500 });
  });

  it("desired stopped stops a running module, running starts it again, removal removes it", () => {
    const [a] = run(agentDesired({ a: {}, b: {} }, 2), [T0]);
    const [b] = run(agentDesired({ a: { status: "stopped" }, b: {} }, 3), [T0 + 5000], NO_FAULTS, a!.memory);
    expect(modulesOf(b!.reported).a).toMatchObject({ status: "stopped", runtimeStatus: "stopped", exitCode: 0, lastExitTimeUtc: iso(T0 + 5000) });
    const [c] = run(agentDesired({ a: {}, b: {} }, 4), [T0 + 9000], NO_FAULTS, b!.memory);
    expect(modulesOf(c!.reported).a).toMatchObject({ runtimeStatus: "running", lastStartTimeUtc: iso(T0 + 9000) });
    const [d] = run(agentDesired({ b: {} }, 5), [T0 + 10_000], NO_FAULTS, c!.memory);
    expect(Object.keys(modulesOf(d!.reported))).toEqual(["b"]);
    expect(d!.actions).toContainEqual({ kind: "remove", module: "a", at: T0 + 10_000 });
  });

  it("a slow pull keeps the previous status until done, and the old image runs meanwhile", () => {
    const slow = deviceFaults(1, "d", { slowPull: { share: 1, delayMs: [4000, 4000] } });
    const [first, , third] = run(agentDesired({ a: {} }, 2), [T0, T0 + 3999, T0 + 4000], slow);
    expect(first!.reported).toMatchObject({ lastDesiredVersion: 0, lastDesiredStatus: { code: 406 }, modules: {} });
    expect(first!.nextWakeAt).toBe(T0 + 4000);
    expect(third!.reported).toMatchObject({ lastDesiredVersion: 2, lastDesiredStatus: { code: 200 } });
    const upgrade = agentDesired({ a: { settings: { image: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.4" } } }, 3);
    const [during, after] = run(upgrade, [T0 + 5000, T0 + 9000], slow, third!.memory);
    expect(during!.reported).toMatchObject({ lastDesiredVersion: 2, modules: { a: { runtimeStatus: "running", settings: { image: expect.stringContaining(":1.5") } } } });
    expect(after!.reported).toMatchObject({ lastDesiredVersion: 3, modules: { a: { runtimeStatus: "running", lastStartTimeUtc: iso(T0 + 9000), settings: { image: expect.stringContaining(":1.4") } } } });
  });
});

describe("edgeAgent step: restart policy and backoff (§6.3, §8.2)", () => {
  const crashing = deviceFaults(9, "d", { crashLoop: { share: 1, runForMs: [500, 500], exitCodes: [139] } });

  it("a crash loop backs off 1, 2, 4, 8, 8 s and counts restarts, then fails at the budget", () => {
    const desired = agentDesired({ a: { restartPolicy: "on-failure" } });
    const [start] = run(desired, [T0], crashing);
    expect(start!.nextWakeAt).toBe(T0 + 500);
    // T0+500 crash ⇒ backoff until +1500 (coolOff(0)=1 s)
    const [crashed] = run(desired, [T0 + 600], crashing, start!.memory);
    expect(modulesOf(crashed!.reported).a).toMatchObject({ runtimeStatus: "backoff", exitCode: 139, restartCount: 0, lastExitTimeUtc: iso(T0 + 500) });
    expect(crashed!.nextWakeAt).toBe(T0 + 1500);
    // Woken late: every event in between is applied at its own time.
    const [late] = run(desired, [T0 + 4200], crashing, crashed!.memory);
    // restart 1 at 1500, crash 2000, restart 2 at 4000 (coolOff(1)=2 s), running until 4500
    expect(modulesOf(late!.reported).a).toMatchObject({ runtimeStatus: "running", restartCount: 2, lastRestartTimeUtc: iso(T0 + 4000), lastStartTimeUtc: iso(T0 + 4000) });
    const [exhausted] = run(desired, [T0 + 120_000], crashing, late!.memory);
    expect(modulesOf(exhausted!.reported).a).toMatchObject({ runtimeStatus: "failed", restartCount: 5, exitCode: 139 });
    expect(exhausted!.nextWakeAt).toBeNull();
  });

  it.each([
    ["never", 139, "failed"],
    ["never", 0, "stopped"],
    ["on-failure", 0, "stopped"],
    ["on-unhealthy", 2, "backoff"],
    ["always", 0, "backoff"],
  ] as const)("policy %s, exit %i ⇒ %s", (restartPolicy, exitCode, status) => {
    const faults = deviceFaults(1, "d", { crashLoop: { share: 1, runForMs: [100, 100], exitCodes: [exitCode] } });
    const [, after] = run(agentDesired({ a: { restartPolicy } }), [T0, T0 + 150], faults);
    expect(modulesOf(after!.reported).a).toMatchObject({ runtimeStatus: status, exitCode, restartCount: 0 });
  });

  it("restartCount is cleared after intensive care (a module that stays up)", () => {
    let n = 0;
    const oneCrash: DeviceFaults = { ...NO_FAULTS, crash: (_m, runIndex) => (runIndex === 0 && ++n ? { afterMs: 100, exitCode: 1 } : null) };
    const [, restarted, healed] = run(agentDesired({ a: {} }), [T0, T0 + 1200, T0 + 1100 + 60_000], oneCrash);
    expect(modulesOf(restarted!.reported).a).toMatchObject({ runtimeStatus: "running", restartCount: 1 });
    expect(modulesOf(healed!.reported).a).toMatchObject({ runtimeStatus: "running", restartCount: 0, lastRestartTimeUtc: NEVER_UTC });
  });

  it("desired stopped during backoff leaves it stopped, not restarted", () => {
    const desired = agentDesired({ a: { restartPolicy: "always" } });
    const [, backoff] = run(desired, [T0, T0 + 600], crashing);
    const [stopped, later] = run(agentDesired({ a: { status: "stopped" } }, 3), [T0 + 700, T0 + 60_000], crashing, backoff!.memory);
    expect(modulesOf(stopped!.reported).a!.runtimeStatus).toBe("failed");
    expect(modulesOf(later!.reported).a).toMatchObject({ runtimeStatus: "failed", restartCount: 0 });
  });
});
