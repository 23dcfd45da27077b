import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, createDevice, createEdgeDevice, enc, isPostgres, modulePath, setupPolicies, uniqueId } from "./support/api";
import { asUser, signIn, type Session } from "./support/operators";
import { rawClient, removeTlsDir, startEndpoint, stopEndpoint, waitFor, type RunningEndpoint } from "./support/mqtt";

/**
 * The console's read models: GET /statistics/fleet counts a fleet this file builds by reporting
 * `$edgeAgent` properties over MQTT (as a real agent does), and GET /search finds ids by prefix.
 * Module names are unique per run, so the per-name counts are exact even while other files write
 * to the same PostgreSQL database; fleet-wide totals are exact on PGlite (one database per file).
 */
let running: RunningEndpoint;
let viewer: Session;

beforeAll(async () => {
  await setupPolicies();
  running = await startEndpoint();
  viewer = await signIn("viewer");
});
afterAll(async () => {
  await stopEndpoint(running);
  removeTlsDir();
});

/**
 * Connects as the device's `$edgeAgent`, sends one reported patch and disconnects; resolves once the
 * hub has recorded the disconnect (an edge device is online while its `$edgeAgent` is, so counts
 * taken before that would still see it connected).
 */
async function reportAsAgent(deviceId: string, patch: Record<string, unknown>) {
  // The hub creates $edgeAgent with authentication `none`; the runtime's provisioning gives it SAS keys.
  const agent = await callApi("PUT", modulePath(deviceId, "$edgeAgent"), {
    body: { deviceId, moduleId: "$edgeAgent", authentication: { type: "sas" } },
    headers: { "if-match": "*" },
  });
  expect(agent.status, agent.text).toBe(200);
  const key = agent.json.authentication.symmetricKey.primaryKey as string;
  const client = await rawClient(running, { deviceId, moduleId: "$edgeAgent", key });
  try {
    await new Promise<void>((resolve, reject) => {
      client.subscribe("$iothub/twin/res/#", (error) => (error ? reject(error) : resolve()));
    });
    const answered = new Promise<string>((resolve) => client.on("message", (topic) => resolve(topic)));
    client.publish("$iothub/twin/PATCH/properties/reported/?$rid=1", JSON.stringify(patch));
    expect(await answered).toMatch(/^\$iothub\/twin\/res\/204\//);
  } finally {
    client.end(true);
  }
  await waitFor("agent disconnected", async () => (await callApi("GET", modulePath(deviceId, "$edgeAgent"))).json.connectionState === "Disconnected");
}

type Stats = Awaited<ReturnType<typeof import("@/lib/data/get-fleet-statistics").getFleetStatistics>>;
const fleet = async (): Promise<Stats> => {
  const res = await asUser(viewer, "GET", "/api/statistics/fleet");
  expect(res.status, res.text).toBe(200);
  return res.json as Stats;
};
const codeCount = (s: Stats, code: number | null) => s.runtimes.byLastDesiredStatus.find((r) => r.code === code)?.count ?? 0;
const nameCount = (s: Stats, status: string, name: string) =>
  s.modules.byRuntimeStatus.find((r) => r.status === status)?.names.find((n) => n.name === name)?.count ?? 0;

describe("GET /api/statistics/fleet", () => {
  it("counts runtimes by last desired status and modules by runtime status for a fleet built over MQTT", async () => {
    const before = await fleet();
    const good = uniqueId("mod-good");
    const bad = uniqueId("mod-bad");
    const run = (status: string, extra: Record<string, unknown> = {}) => ({ status: "running", runtimeStatus: status, settings: { image: "x:1" }, ...extra });
    const devices = await Promise.all([0, 1, 2, 3].map(() => createEdgeDevice({ id: uniqueId("fleet") })));
    const ids = devices.map((d) => d.deviceId);
    await reportAsAgent(ids[0]!, { lastDesiredStatus: { code: 200 }, modules: { [good]: run("running"), [bad]: run("running") } });
    await reportAsAgent(ids[1]!, { lastDesiredStatus: { code: 200 }, modules: { [good]: run("running"), [bad]: run("backoff", { exitCode: 139, statusDescription: "Error" }) } });
    await reportAsAgent(ids[2]!, { lastDesiredStatus: { code: 500, description: "The operation was canceled" }, modules: { [good]: run("stopped"), [bad]: run("failed", { exitCode: 1 }) } });
    await reportAsAgent(ids[3]!, { lastDesiredStatus: { code: 417 } });
    // A plain (non-edge) device counts as a device but not as a runtime.
    await createDevice();

    const after = await fleet();
    expect(nameCount(after, "running", good)).toBe(2);
    expect(nameCount(after, "stopped", good)).toBe(1);
    expect(nameCount(after, "running", bad)).toBe(1);
    expect(nameCount(after, "backoff", bad)).toBe(1);
    expect(nameCount(after, "failed", bad)).toBe(1);

    const failingModules = after.modules.failing.items.filter((m) => ids.includes(m.deviceId));
    expect(failingModules.map((m) => [m.deviceId, m.moduleName, m.runtimeStatus, m.exitCode]).sort()).toEqual(
      [[ids[1], bad, "backoff", 139], [ids[2], bad, "failed", 1]].sort(),
    );
    expect(failingModules.every((m) => m.since && !m.deviceConnected)).toBe(true);
    const failingRuntimes = after.runtimes.failing.items.filter((r) => ids.includes(r.deviceId));
    expect(failingRuntimes.map((r) => [r.deviceId, r.code, r.description]).sort()).toEqual(
      [[ids[2], 500, "The operation was canceled"], [ids[3], 417, ""]].sort(),
    );
    // The failure history counts the two failing module reports in the current hour.
    const lastHour = (s: Stats) => s.failuresByHour.buckets.find((b) => b.hoursAgo === 0)!.count;
    expect(after.failuresByHour.buckets).toHaveLength(12);
    expect(after.deployments.available).toBe(true); // rollouts: deployments.test.ts

    if (!isPostgres()) {
      // One database for this file: the whole-fleet numbers move by exactly what was built.
      expect(after.devices.total - before.devices.total).toBe(5);
      expect(after.devices.edge - before.devices.edge).toBe(4);
      expect(codeCount(after, 200) - codeCount(before, 200)).toBe(2);
      expect(codeCount(after, 500) - codeCount(before, 500)).toBe(1);
      expect(codeCount(after, 417) - codeCount(before, 417)).toBe(1);
      expect(after.runtimes.failing.total - before.runtimes.failing.total).toBe(2);
      expect(after.modules.failing.total - before.modules.failing.total).toBe(2);
      expect(after.modules.total - before.modules.total).toBe(6);
      expect(lastHour(after) - lastHour(before)).toBe(2);
      const offline = (s: Stats) => s.devices.offlineFor.reduce((sum, b) => sum + b.count, 0);
      expect(offline(after) - offline(before)).toBe(5);
    } else {
      expect(lastHour(after)).toBeGreaterThanOrEqual(2);
    }
  });

  it("counts an edge device as online while its $edgeAgent is connected, and as offline again after it disconnects", async () => {
    const edge = await createEdgeDevice({ id: uniqueId("fleet-on") });
    const agent = await callApi("PUT", modulePath(edge.deviceId, "$edgeAgent"), {
      body: { deviceId: edge.deviceId, moduleId: "$edgeAgent", authentication: { type: "sas" } },
      headers: { "if-match": "*" },
    });
    const key = agent.json.authentication.symmetricKey.primaryKey as string;
    const agentState = async () => (await callApi("GET", modulePath(edge.deviceId, "$edgeAgent"))).json.connectionState;
    const before = await fleet();
    const client = await rawClient(running, { deviceId: edge.deviceId, moduleId: "$edgeAgent", key });
    await waitFor("connected", async () => (await agentState()) === "Connected");
    const during = await fleet();
    if (!isPostgres()) {
      expect(during.devices.connected - before.devices.connected).toBe(1);
      expect(during.devices.onlineFor.find((b) => b.bucket === "under5m")!.count - (before.devices.onlineFor.find((b) => b.bucket === "under5m")!.count)).toBe(1);
    } else {
      expect(during.devices.connected).toBeGreaterThanOrEqual(1);
    }
    client.end(true);
    await waitFor("disconnected", async () => (await agentState()) === "Disconnected");
    if (!isPostgres()) expect((await fleet()).devices.connected).toBe(before.devices.connected);
  });

  it("refuses an unknown parameter", async () => {
    const res = await callApi("GET", "/api/statistics/fleet?top=3");
    expect([res.status, res.json.error.code, res.json.error.details.path]).toEqual([400, "ArgumentInvalid", "top"]);
  });
});

describe("GET /api/search", () => {
  it("finds devices and modules by id prefix, in id order, limited", async () => {
    const prefix = uniqueId("srch");
    for (const suffix of ["b", "a", "c"]) await createDevice({ id: `${prefix}-${suffix}` });
    await createDevice({ id: `x${prefix}` }); // contains the prefix, does not start with it
    const edge = await createEdgeDevice({ id: `${prefix}-edge` });
    await callApi("PUT", modulePath(edge.deviceId, `${prefix}-mod`), { body: { deviceId: edge.deviceId, moduleId: `${prefix}-mod` } });

    const res = await asUser(viewer, "GET", `/api/search?q=${enc(prefix)}&limit=3`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.devices.map((d: { deviceId: string }) => d.deviceId)).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    expect(res.json.modules).toEqual([{ deviceId: edge.deviceId, moduleId: `${prefix}-mod` }]);

    const edgeOnly = await callApi("GET", `/api/search?q=${enc(`${prefix}-e`)}`);
    expect(edgeOnly.json.devices).toEqual([{ deviceId: `${prefix}-edge`, edge: true, connectionState: "Disconnected" }]);
    // Ids are case-sensitive; `%` and `_` are ordinary characters in a prefix, not wildcards.
    expect((await callApi("GET", `/api/search?q=${enc(prefix.toUpperCase())}`)).json.devices).toEqual([]);
    expect((await callApi("GET", `/api/search?q=${enc(`${prefix}_`)}`)).json.devices).toEqual([]);
    expect((await callApi("GET", `/api/search?q=${enc(`${prefix}%`)}`)).json.devices).toEqual([]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=51", "limit"],
    ["limit=x", "limit"],
    ["", "q"],
    [`q=${"a".repeat(129)}`, "q"],
    ["q=a&sort=1", "sort"],
  ])("400 for %s", async (query, path) => {
    const res = await callApi("GET", `/api/search?${query.startsWith("limit") ? `q=a&${query}` : query}`);
    expect([res.status, res.json.error.code, res.json.error.details.path]).toEqual([400, "ArgumentInvalid", path]);
  });
});
