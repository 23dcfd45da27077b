import { describe, expect, it } from "vitest";
import { buildEdgeHubReported, edgeHubDesiredStatus, encodeClientKey, moduleOutputs } from "./edge-hub";
import { buildAgentReported, imageHash, mergePatchDiff } from "./reported";
import { parseAgentDesired } from "./agent-desired";
import { agentDesired } from "./test-fixtures";

describe("mergePatchDiff", () => {
  it.each([
    [{ a: 1 }, { a: 1 }, {}],
    [{ a: 1 }, { a: 2 }, { a: 2 }],
    [{ a: 1, b: 2 }, { a: 1 }, { b: null }],
    [{ m: { x: { s: "running", n: 1 } } }, { m: { x: { s: "backoff", n: 1 } } }, { m: { x: { s: "backoff" } } }],
    [{ m: { x: { s: 1 } } }, { m: {} }, { m: { x: null } }],
    [{ l: [1, 2] }, { l: [1, 3] }, { l: [1, 3] }],
    [{ o: 1 }, { o: { p: 1 } }, { o: { p: 1 } }],
  ])("%j → %j ⇒ %j", (before, after, patch) => expect(mergePatchDiff(before, after)).toEqual(patch));
});

describe("buildAgentReported", () => {
  it("drops registry passwords but keeps address and username", () => {
    const desired = agentDesired({});
    (desired.runtime as { settings: object }).settings = { registryCredentials: { acr: { address: "a.io", username: "u", password: "secret" } } };
    const parsed = parseAgentDesired(desired);
    if (!parsed.ok) throw new Error(parsed.description);
    const r = buildAgentReported({ config: parsed.config, state: { instances: {}, pulls: {} }, lastDesiredVersion: 2, lastDesiredStatus: { code: 200, description: "" }, agentStartTime: 0, edgeHubStartTime: 0 });
    expect(r.runtime).toMatchObject({ settings: { registryCredentials: { acr: { address: "a.io", username: "u" } } } });
    expect(JSON.stringify(r)).not.toContain("secret");
  });

  it("image hashes are stable and differ per image", () => {
    expect(imageHash("a:1")).toBe(imageHash("a:1"));
    expect(imageHash("a:1")).not.toBe(imageHash("a:2"));
  });
});

describe("edgeHub", () => {
  it.each([
    [{ schemaVersion: "1.1", routes: {} }, 200],
    [{ schemaVersion: "1.3", routes: {} }, 200],
    [{ schemaVersion: "2.0", routes: {} }, 400],
    [{ routes: {} }, 400],
    [{ schemaVersion: "1.1", routes: "x" }, 400],
  ])("desired %j ⇒ %i", (desired, code) => expect(edgeHubDesiredStatus(desired).code).toBe(code));

  it("reports clients with encoded keys and the code's field names (§8.3)", () => {
    const clients = new Map([
      ["d/$edgeAgent", { connected: true, at: 0 }],
      ["d/a.b", { connected: false, at: 1000 }],
    ]);
    expect(buildEdgeHubReported({ lastDesiredVersion: 3, lastDesiredStatus: { code: 200, description: "" }, clients }).clients).toEqual({
      "d/%24edgeAgent": { status: "Connected", lastConnectedTimeUtc: "1970-01-01T00:00:00.000Z" },
      "d/a%2Eb": { status: "Disconnected", lastDisconnectedTimeUtc: "1970-01-01T00:00:01.000Z" },
    });
    expect(encodeClientKey("a b")).toBe("a%20b");
  });

  it.each([
    [{ r: "FROM /messages/modules/temp/outputs/temperatureOutput INTO $upstream" }, "temp", ["temperatureOutput"]],
    [{ r: { route: "FROM /messages/modules/temp/outputs/a INTO BrokeredEndpoint(\"/modules/f/inputs/i\")" }, s: "FROM /messages/modules/temp/outputs/b INTO $upstream" }, "temp", ["a", "b"]],
    [{ r: "FROM /messages/* INTO $upstream" }, "temp", ["output1"]],
    [{ r: "FROM /messages/modules/other/outputs/x INTO $upstream" }, "temp", ["output1"]],
    [undefined, "temp", ["output1"]],
  ])("routes %j: outputs of %s ⇒ %j", (routes, name, outputs) => expect(moduleOutputs(routes, name, "output1")).toEqual(outputs));
});
