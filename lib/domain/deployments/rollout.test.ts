import { describe, expect, it } from "vitest";
import type { JsonObject } from "../twins";
import { rolloutState } from "./rollout";

const NOW = new Date("2025-03-01T10:05:00.000Z");
const running = (extra: JsonObject = {}): JsonObject => ({
  status: "running", runtimeStatus: "running", exitCode: 0, statusDescription: "running", restartCount: 0,
  lastStartTimeUtc: "2025-03-01T09:58:20.4Z", lastExitTimeUtc: "0001-01-01T00:00:00", lastRestartTimeUtc: "0001-01-01T00:00:00", ...extra,
});
const reported = (modules: Record<string, JsonObject>, status: JsonObject = { code: 200, description: "" }, lastDesiredVersion = 14): JsonObject => ({
  schemaVersion: "1.0",
  lastDesiredVersion,
  lastDesiredStatus: status,
  systemModules: { edgeAgent: { runtimeStatus: "running" }, edgeHub: running() },
  modules,
});
const state = (r: JsonObject, desiredVersion = 14) => rolloutState({ desiredVersion, reported: r, now: NOW });

describe("rolloutState", () => {
  it.each<[string, JsonObject, number, "pending" | "success" | "failure"]>([
    ["all running at the desired version", reported({ a: running() }), 14, "success"],
    ["a desired-stopped module that is stopped", reported({ a: running({ status: "stopped", runtimeStatus: "stopped" }) }), 14, "success"],
    ["agent has not processed this $version", reported({ a: running() }, { code: 200, description: "" }, 13), 14, "pending"],
    ["no lastDesiredVersion yet", { lastDesiredStatus: { code: 406, description: "" } }, 1, "pending"],
    ["406 at the same version", reported({ a: running() }, { code: 406, description: "not connected" }), 14, "pending"],
    ["a module still starting", reported({ a: running({ runtimeStatus: "unknown" }) }), 14, "pending"],
    ["a module stopped that should run (exit 0, policy never)", reported({ a: running({ runtimeStatus: "stopped" }) }), 14, "pending"],
    ["image pull timed out (500, canceled)", reported({ a: running() }, { code: 500, description: "The operation was canceled." }), 14, "pending"],
  ])("%s ⇒ %s", (_name, r, version, expected) => {
    expect(state(r, version).state).toBe(expected);
  });

  it.each<[string, JsonObject, JsonObject[]]>([
    ["schema rejected (412)", reported({}, { code: 412, description: "schema version 2.0 not supported" }), [{ module: "$edgeAgent", kind: "rejected-desired", message: "412: schema version 2.0 not supported", since: null }]],
    ["unparseable (400)", reported({}, { code: 400, description: "Error parsing" }), [{ module: "$edgeAgent", kind: "rejected-desired" }]],
    ["empty (417)", reported({}, { code: 417, description: "" }), [{ module: "$edgeAgent", kind: "rejected-desired" }]],
    [
      "image not found (simulator placeholder)",
      reported({ a: running({ runtimeStatus: "failed", statusDescription: "Image not found: registry.example.com/a:9" }) }, { code: 500, description: "Failed: image not found: registry.example.com/a:9 (module a)" }),
      [{ module: "a", kind: "image-not-found", message: "Image not found: registry.example.com/a:9", since: null }],
    ],
    ["image not found (edgeAgent only says 500)", reported({}, { code: 500, description: "Error calling Create module a: manifest unknown" }), [{ module: "$edgeAgent", kind: "image-not-found" }]],
    ["other 500", reported({}, { code: 500, description: "Docker daemon unreachable" }), [{ module: "$edgeAgent", kind: "failed", message: "Docker daemon unreachable" }]],
    [
      "crash loop in backoff (§8.1 sample)",
      reported({ "anomaly-filter": running({ runtimeStatus: "backoff", exitCode: 139, statusDescription: "Error", restartCount: 3, lastExitTimeUtc: "2025-03-01T10:01:05.3Z" }) }),
      [{ module: "anomaly-filter", kind: "crash-loop", since: "2025-03-01T10:01:05.3Z" }],
    ],
    [
      "restart budget exhausted",
      reported({ a: running({ runtimeStatus: "failed", exitCode: 1, restartCount: 20, statusDescription: "Restart budget exhausted after 20 restarts (last exit code 1)", lastExitTimeUtc: "2025-03-01T10:00:00Z" }) }),
      [{ module: "a", kind: "crash-loop", since: "2025-03-01T10:00:00Z" }],
    ],
    ["failed once, policy never", reported({ a: running({ runtimeStatus: "failed", exitCode: 2, statusDescription: "Error", lastExitTimeUtc: "2025-03-01T10:00:00Z" }) }), [{ module: "a", kind: "failed", message: "failed: Error" }]],
    ["edgeHub dead", reported({}), []],
    [
      "running but flapping",
      reported({ a: running({ restartCount: 5, exitCode: 137, lastRestartTimeUtc: "2025-03-01T10:03:00Z" }) }),
      [{ module: "a", kind: "crash-loop", since: "2025-03-01T10:03:00Z" }],
    ],
  ])("%s", (name, r, failures) => {
    if (name === "edgeHub dead") {
      ((r.systemModules as JsonObject).edgeHub as JsonObject).runtimeStatus = "dead";
      failures.push({ module: "edgeHub", kind: "failed" });
    }
    const result = state(r);
    expect(result.state).toBe("failure");
    expect(result.failures).toEqual(failures.map((f) => expect.objectContaining(f)));
  });

  it("keeps listing a crashing module while a newer version is pending", () => {
    const r = reported({ a: running({ runtimeStatus: "backoff", exitCode: 1 }) }, { code: 200, description: "" }, 13);
    expect(state(r)).toEqual({ state: "pending", failures: [expect.objectContaining({ module: "a", kind: "crash-loop" })] });
  });

  it("does not call a module flapping once its restarts are old", () => {
    const r = reported({ a: running({ restartCount: 5, lastRestartTimeUtc: "2025-03-01T09:00:00Z" }) });
    expect(state(r)).toEqual({ state: "success", failures: [] });
  });
});
