import { describe, expect, it } from "vitest";
import { INITIAL_AGENT_MEMORY, runAgentStep } from "./agent-step";
import { parseAgentMethod } from "./agent-methods";
import { DEFAULT_RESTART_SETTINGS } from "./backoff";
import { NO_FAULTS } from "./fault-profile";
import { BUILT_IN_IMAGES } from "./known-images";
import { restartModule } from "./planner";
import { agentDesired } from "./test-fixtures";

describe("parseAgentMethod (§8.4)", () => {
  it.each([
    ["ping", undefined, { kind: "ping" }],
    ["PING", null, { kind: "ping" }],
    ["RestartModule", { schemaVersion: "1.0", id: "m" }, { kind: "restartModule", moduleName: "m" }],
    ["restartmodule", { schemaVersion: "1.1", id: "m" }, { kind: "restartModule", moduleName: "m" }],
    ["RestartModule", { schemaVersion: "2.0", id: "m" }, { kind: "error", status: 400 }],
    ["RestartModule", { schemaVersion: "1.0" }, { kind: "error", status: 400 }],
    ["RestartModule", "m", { kind: "error", status: 400 }],
    ["GetModuleLogs", {}, { kind: "error", status: 501 }],
    ["selfDestruct", {}, { kind: "error", status: 404 }],
  ])("%s %j ⇒ %j", (name, payload, expected) => expect(parseAgentMethod(name, payload as never)).toMatchObject(expected));
});

describe("restartModule", () => {
  const T0 = 1_000_000;
  const step = runAgentStep({
    desired: agentDesired({ a: {}, b: { status: "stopped" }, x: { settings: { image: "nope/nope:1" } } }),
    memory: INITIAL_AGENT_MEMORY,
    now: T0,
    knownImages: BUILT_IN_IMAGES,
    settings: DEFAULT_RESTART_SETTINGS,
    faults: NO_FAULTS,
    agentStartTime: T0,
    edgeHubStartTime: T0,
  });

  it("stops and starts a running module now, keeping restartCount", () => {
    const result = restartModule(step.memory.state, "a", T0 + 5000, NO_FAULTS);
    if (!result.ok) throw new Error(result.message);
    expect(result.state.instances.a).toMatchObject({ runtimeStatus: "running", lastStartTime: T0 + 5000, lastExitTime: T0 + 5000, restartCount: 0, runs: 2 });
    expect(step.memory.state.instances.a!.lastStartTime).toBe(T0);
  });

  it.each([
    ["missing", "not part of the current deployment"],
    ["b", "desired stopped"],
    ["x", "has no container"],
  ])("refuses %s (%s)", (name, message) => {
    const result = restartModule(step.memory.state, name, T0, NO_FAULTS);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining(message) });
  });
});
