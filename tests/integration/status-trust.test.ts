import { beforeAll, describe, expect, it } from "vitest";
import { sweepDeadNodes } from "@/lib/data/cluster-nodes";
import { resetConnectionStates } from "@/lib/data/reset-connection-states";
import { setConnectionState } from "@/lib/data/set-connection-state";
import { updateLastActivity } from "@/lib/data/update-last-activity";
import { updateReportedProperties } from "@/lib/data/update-reported-properties";
import { compareDataLossRisk, type DataLossFacts } from "@/lib/domain/edge-health";
import { callApi, createDevice, devicePath, createEdgeDevice, isPostgres, setupPolicies, sqlRows, suffix, twinPath, type Loose } from "./support/api";

/**
 * "Status you can trust" (issue #7): an edge device's connectivity is its `$edgeAgent`'s connection
 * (its own identity never connects over MQTT) in the fleet table, its filters and the statistics;
 * GET /fleet/data-loss-risk ranks devices by risk of losing stored messages. Devices are tagged with
 * this run's id, since other files share the database.
 */
const run = `st${suffix()}`;
const id = (name: string) => `${run}-${name}`;
const NODE = "it-status-trust";
const page = (extra: Record<string, unknown> = {}) =>
  callApi("POST", "/api/fleet/page", { body: { filter: { query: `tags.run = '${run}'`, ...extra }, sort: { key: "deviceId", dir: "asc" }, pageSize: 50 } });
const rowsOf = (res: Loose) => res.json.items as { deviceId: string; connectionState: string; connectionStateUpdatedTime: string | null; connectionSource: string; lastActivityTime: string | null }[];
const names = (res: Loose) => rowsOf(res).map((r) => r.deviceId.slice(run.length + 1));

beforeAll(async () => {
  await setupPolicies();
  for (const name of ["edge", "edgeoff", "plain"]) {
    await (name.startsWith("edge") ? createEdgeDevice({ id: id(name) }) : createDevice({ id: id(name) }));
    const res = await callApi("PATCH", twinPath(id(name)), { body: { tags: { run } } });
    expect(res.status, res.text).toBe(200);
  }
});

describe("edge device connectivity comes from its $edgeAgent", () => {
  it("lists, filters and sorts an edge device by its $edgeAgent connection, and the statistics count it", async () => {
    const before = isPostgres() ? null : ((await callApi("GET", "/api/statistics/fleet")).json as Loose);
    const connectedAt = new Date();
    await setConnectionState({ deviceId: id("edge"), moduleId: "$edgeAgent" }, "Connected", connectedAt, NODE);
    await setConnectionState({ deviceId: id("plain") }, "Connected", connectedAt, NODE);
    // Other modules of an edge device do not decide its presence.
    await setConnectionState({ deviceId: id("edgeoff"), moduleId: "$edgeHub" }, "Connected", connectedAt, NODE);

    const all = await page();
    expect(all.status, all.text).toBe(200);
    const byName = Object.fromEntries(rowsOf(all).map((r) => [r.deviceId.slice(run.length + 1), r]));
    expect(byName.edge).toMatchObject({ connectionState: "Connected", connectionStateUpdatedTime: connectedAt.toISOString(), connectionSource: "$edgeAgent" });
    expect(byName.edgeoff).toMatchObject({ connectionState: "Disconnected", connectionStateUpdatedTime: null, connectionSource: "$edgeAgent" });
    expect(byName.plain).toMatchObject({ connectionState: "Connected", connectionSource: "device" });
    // The device identity itself stays as IoT Hub has it: never connected; its runtime's activity is its own.
    const [own] = await sqlRows<{ connection_state: string }>("select connection_state from devices where device_id = $1", [id("edge")]);
    expect(own!.connection_state).toBe("Disconnected");
    expect(byName.edge.lastActivityTime).toBe(connectedAt.toISOString());
    const later = new Date(connectedAt.getTime() + 60_000);
    await updateLastActivity({ deviceId: id("edge"), moduleId: "$edgeAgent" }, later);
    await updateLastActivity({ deviceId: id("edgeoff"), moduleId: "$edgeHub" }, later);
    const activity = Object.fromEntries(rowsOf(await page()).map((r) => [r.deviceId.slice(run.length + 1), r.lastActivityTime]));
    expect(activity.edge).toBe(later.toISOString());
    expect(activity.edgeoff).toBeNull(); // only the agent speaks for the device

    expect(names(await page({ connection: "Connected" }))).toEqual(["edge", "plain"]);
    expect(names(await page({ connection: "Disconnected" }))).toEqual(["edgeoff"]);
    const sorted = await callApi("POST", "/api/fleet/page", {
      body: { filter: { query: `tags.run = '${run}'` }, sort: { key: "connectionState", dir: "asc" }, pageSize: 50 },
    });
    expect(names(sorted)).toEqual(["edge", "plain", "edgeoff"]);
    const summary = await callApi("POST", "/api/fleet/summary", { body: { filter: { query: `tags.run = '${run}'`, connection: "Connected" } } });
    expect(summary.json.total).toBe(2);

    if (before) {
      const after = (await callApi("GET", "/api/statistics/fleet")).json as Loose;
      expect(after.devices.connected - before.devices.connected).toBe(2);
    }

    // $edgeAgent disconnects: the device goes offline, since then.
    const leftAt = new Date(connectedAt.getTime() + 5_000);
    await setConnectionState({ deviceId: id("edge"), moduleId: "$edgeAgent" }, "Disconnected", leftAt, NODE);
    const offline = Object.fromEntries(rowsOf(await page()).map((r) => [r.deviceId.slice(run.length + 1), r]));
    expect(offline.edge).toMatchObject({ connectionState: "Disconnected", connectionStateUpdatedTime: leftAt.toISOString() });
    expect(names(await page({ connection: "Disconnected" }))).toEqual(["edge", "edgeoff"]);
  });

  it("follows the device's own connection again when edge is turned off, and the agent's when turned on", async () => {
    const deviceId = id("toggle");
    await createEdgeDevice({ id: deviceId });
    await callApi("PATCH", twinPath(deviceId), { body: { tags: { run, toggle: true } } });
    await setConnectionState({ deviceId, moduleId: "$edgeAgent" }, "Connected", new Date(), NODE);
    const presence = async () =>
      (await sqlRows<{ presence_state: string }>("select presence_state from devices where device_id = $1", [deviceId]))[0]!.presence_state;
    expect(await presence()).toBe("Connected");
    const setEdge = async (iotEdge: boolean) => {
      const res = await callApi("PUT", devicePath(deviceId), { body: { deviceId, capabilities: { iotEdge } }, headers: { "if-match": "*" } });
      expect(res.status, res.text).toBe(200);
    };
    await setEdge(false);
    expect(await presence()).toBe("Disconnected");
    await setEdge(true);
    expect(await presence()).toBe("Connected");
  });

  it.skipIf(isPostgres())("the statistics count runtimes whose report is frozen (agent offline) or old as stale", async () => {
    // Exact fleet-wide counts: PGlite only (one database per file).
    const stats = async () => ((await callApi("GET", "/api/statistics/fleet")).json as Loose).runtimes.stale;
    const before = await stats();
    expect(before.staleAfterSeconds).toBe(300);
    const frozen = id("frozen");
    const silent = id("silent");
    await createEdgeDevice({ id: frozen });
    await createEdgeDevice({ id: silent });
    await updateReportedProperties({ deviceId: frozen, moduleId: "$edgeAgent" }, { lastDesiredStatus: { code: 200 } }, { actor: "test", now: new Date() });
    const longAgo = new Date(Date.now() - 3_600_000);
    await updateReportedProperties({ deviceId: silent, moduleId: "$edgeAgent" }, { lastDesiredStatus: { code: 200 } }, { actor: "test", now: longAgo });
    await setConnectionState({ deviceId: silent, moduleId: "$edgeAgent" }, "Connected", new Date(), NODE);
    const after = await stats();
    expect(after.offline - before.offline).toBe(1);
    expect(after.old - before.old).toBe(1);
  });

  it.skipIf(isPostgres())("the dead-node sweep takes an edge device offline with its $edgeAgent", async () => {
    // PGlite only: on PostgreSQL the sweep would also end the other files' sessions.
    const deviceId = id("swept");
    await createEdgeDevice({ id: deviceId });
    await callApi("PATCH", twinPath(deviceId), { body: { tags: { run, swept: true } } });
    await setConnectionState({ deviceId, moduleId: "$edgeAgent" }, "Connected", new Date(), "it-dead-node");
    const presence = async () =>
      (await sqlRows<{ presence_state: string }>("select presence_state from devices where device_id = $1", [deviceId]))[0]!.presence_state;
    expect(await presence()).toBe("Connected");
    await sweepDeadNodes(new Date(), 30);
    expect(await presence()).toBe("Disconnected");
  });

  it.skipIf(isPostgres())("a reset marks every device absent, edge devices included", async () => {
    // Only on PGlite (one database per file): on PostgreSQL it would clobber the other files' sessions.
    await setConnectionState({ deviceId: id("edge"), moduleId: "$edgeAgent" }, "Connected", new Date(), NODE);
    await resetConnectionStates(new Date());
    expect(names(await page({ connection: "Connected" }))).toEqual([]);
  });
});

describe("GET /api/fleet/data-loss-risk", () => {
  const saf = (f: Record<string, unknown>) => ({ storeAndForward: { timeToLiveSecs: 7200, storageBytes: 100, ...f } });
  const report = (deviceId: string, reported: Record<string, unknown>) =>
    updateReportedProperties({ deviceId, moduleId: "$edgeHub" }, reported, { actor: "test", now: new Date() });

  it("lists devices with stored messages, those losing messages first, then by time to expiry, then storage use", async () => {
    const r = (name: string) => id(`risk-${name}`);
    for (const name of ["refusing", "dropping", "soon", "later", "full", "nottl", "empty"]) await createEdgeDevice({ id: r(name) });
    await report(r("refusing"), saf({ queueLength: 5, refusedForSpace: 2, maxSizeBytes: 100, timeUntilFirstExpirySecs: 7000 }));
    await report(r("dropping"), saf({ queueLength: 3, droppedByTtl: 4, timeUntilFirstExpirySecs: 6000 }));
    await report(r("soon"), saf({ queueLength: 2, timeUntilFirstExpirySecs: 60, oldestAgeSecs: 7140 }));
    await report(r("later"), saf({ queueLength: 9, timeUntilFirstExpirySecs: 3600, maxSizeBytes: 1000 }));
    await report(r("full"), saf({ queueLength: 9, timeUntilFirstExpirySecs: 3600, maxSizeBytes: 125 }));
    await report(r("nottl"), saf({ queueLength: 1, timeToLiveSecs: -1 }));
    await report(r("empty"), saf({ queueLength: 0, droppedByTtl: 10 }));
    // Refusing and dropping share the first tier, where the sooner expiry (dropping's) still goes first.
    const ours = [r("dropping"), r("refusing"), r("soon"), r("full"), r("later"), r("nottl")];

    const items: Loose[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const res: Loose = await callApi("GET", `/api/fleet/data-loss-risk?limit=3&offset=${offset}`);
      expect(res.status, res.text).toBe(200);
      items.push(...res.json.items);
      offset = res.json.nextOffset;
    }
    const mine = items.filter((i) => i.deviceId.startsWith(`${run}-risk-`));
    expect(mine.map((i) => i.deviceId)).toEqual(ours);
    // The whole list (other files' devices too) is in the domain's order, each device once.
    expect([...items].sort((a: DataLossFacts, b: DataLossFacts) => compareDataLossRisk(a, b)).map((i) => i.deviceId)).toEqual(items.map((i) => i.deviceId));
    expect(new Set(items.map((i) => i.deviceId)).size).toBe(items.length);

    const refusing = mine[1];
    expect(refusing).toMatchObject({ queueLength: 5, refusedForSpace: 2, riskTier: 0, usedPercent: 100, maxSizeBytes: 100, timeToLiveSecs: 7200, connectionState: "Disconnected" });
    expect(Date.parse(refusing.reportedAt)).toBeGreaterThan(Date.now() - 60_000);
    const soon = mine.find((i) => i.deviceId === r("soon"));
    expect(soon.riskTier).toBe(1);
    expect(soon.secondsUntilFirstExpiry).toBeLessThanOrEqual(60);
    expect(soon.secondsUntilFirstExpiry).toBeGreaterThan(0);
    expect(soon.oldestAgeSecs).toBeGreaterThanOrEqual(7140);
    expect(mine.find((i) => i.deviceId === r("nottl")).secondsUntilFirstExpiry).toBeNull();
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["limit=abc", "limit"],
    ["offset=-1", "offset"],
    ["offset=1.5", "offset"],
    ["sort=risk", "sort"],
  ])("rejects %s with 400 naming %s", async (query, path) => {
    const res = await callApi("GET", `/api/fleet/data-loss-risk?${query}`);
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe("ArgumentInvalid");
    expect(res.json.error.details.path).toBe(path);
  });

  it("an offset past the end gives no items and the true total", async () => {
    const first = await callApi("GET", "/api/fleet/data-loss-risk?limit=1");
    const past = await callApi("GET", `/api/fleet/data-loss-risk?offset=${first.json.total + 10}`);
    expect(past.status).toBe(200);
    expect(past.json.items).toEqual([]);
    expect(past.json.nextOffset).toBeNull();
    if (!isPostgres()) expect(past.json.total).toBe(first.json.total);
  });
});
