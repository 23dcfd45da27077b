import { beforeAll, describe, expect, it } from "vitest";
import { findSessionNode, heartbeat, leaveCluster, sweepDeadNodes } from "@/lib/data/cluster-nodes";
import { deleteExpiredMessages } from "@/lib/data/delete-expired-messages";
import { getDesiredNotification } from "@/lib/data/get-desired-notification";
import { insertMessage } from "@/lib/data/insert-message";
import { resetConnectionStates } from "@/lib/data/reset-connection-states";
import { setConnectionState } from "@/lib/data/set-connection-state";
import { callApi, createDevice, createModule, enc, isPostgres, setupPolicies, sqlRows, twinPath } from "./support/api";

/**
 * The data functions behind the MQTT endpoint, without a broker: message storage, listing and
 * retention, the desired notification rebuilt from revisions, and connection-state bookkeeping.
 */
beforeAll(async () => {
  await setupPolicies();
});

const HOUR = 3_600_000;
const message = (target: { deviceId: string; moduleId?: string }, body: string, now: Date) =>
  insertMessage({ target, outputName: target.moduleId ? "out" : null, systemProperties: {}, properties: { n: body }, body: Buffer.from(body), now });

describe("messages", () => {
  it("lists newest first, per module or all, with a limit, and 400/404 for bad arguments", async () => {
    const { deviceId } = await createDevice();
    const { moduleId } = await createModule(deviceId);
    const now = new Date();
    for (const [i, target] of [{ deviceId }, { deviceId, moduleId }, { deviceId }].entries()) await message(target, `m${i}`, now);
    const all = await callApi("GET", `/api/devices/${enc(deviceId)}/messages`);
    expect(all.json.map((m: { body: string }) => m.body)).toEqual(["m2", "m1", "m0"]);
    const mod = await callApi("GET", `/api/devices/${enc(deviceId)}/messages?moduleId=${enc(moduleId)}`);
    expect(mod.json.map((m: { body: string; outputName: string }) => [m.body, m.outputName])).toEqual([["m1", "out"]]);
    expect((await callApi("GET", `/api/devices/${enc(deviceId)}/messages?limit=1`)).json).toHaveLength(1);
    for (const limit of ["0", "1001", "x", "1.5", "-1"]) {
      const res = await callApi("GET", `/api/devices/${enc(deviceId)}/messages?limit=${limit}`);
      expect([res.status, res.json.error.details.path], limit).toEqual([400, "limit"]);
    }
    expect((await callApi("GET", `/api/devices/${enc(deviceId)}/messages?moduleId=nope`)).json.error.code).toBe("ModuleNotFound");
    expect((await callApi("GET", "/api/devices/mq-nobody/messages")).json.error.code).toBe("DeviceNotFound");
  });

  it("the retention sweep deletes only messages older than the retention", async () => {
    const { deviceId } = await createDevice();
    const now = new Date();
    await message({ deviceId }, "old", new Date(now.getTime() - 25 * HOUR));
    await message({ deviceId }, "recent", new Date(now.getTime() - 23 * HOUR));
    expect(await deleteExpiredMessages(24, now)).toBeGreaterThanOrEqual(1);
    const left = await sqlRows<{ body: string }>("select body from messages where device_id = $1", [deviceId]);
    expect(left).toEqual([{ body: "recent" }]);
  });
});

describe("getDesiredNotification", () => {
  const write = (method: "PATCH" | "PUT", deviceId: string, desired: Record<string, unknown>) =>
    callApi(method, twinPath(deviceId), { body: { properties: { desired } }, headers: { "if-match": "*" } });

  it("replays patches since the last replace to null exactly the removed keys", async () => {
    const { deviceId } = await createDevice();
    await write("PATCH", deviceId, { a: 1, nested: { x: 1, y: 2 } }); // v2
    await write("PUT", deviceId, { a: 2, nested: { x: 1 }, b: 1 }); // v3
    await write("PATCH", deviceId, { c: 3, b: null }); // v4
    await write("PUT", deviceId, { c: 4 }); // v5
    expect(await getDesiredNotification({ deviceId }, 2)).toEqual({ a: 1, nested: { x: 1, y: 2 }, $version: 2 });
    expect(await getDesiredNotification({ deviceId }, 3)).toEqual({ a: 2, nested: { x: 1, y: null }, b: 1, $version: 3 });
    expect(await getDesiredNotification({ deviceId }, 4)).toEqual({ c: 3, b: null, $version: 4 });
    expect(await getDesiredNotification({ deviceId }, 5)).toEqual({ c: 4, a: null, nested: null, $version: 5 });
    expect(await getDesiredNotification({ deviceId }, 6)).toBeNull();
  });

  it("sends the new document alone when the history is incomplete (a seeded twin)", async () => {
    const { deviceId } = await createDevice();
    await sqlRows(`update devices set desired = '{"seeded":true}'::jsonb, desired_version = 7 where device_id = $1`, [deviceId]);
    await write("PUT", deviceId, { fresh: 1 }); // v8, but versions 2-7 have no revisions
    expect(await getDesiredNotification({ deviceId }, 8)).toEqual({ fresh: 1, $version: 8 });
  });
});

describe("connection state", () => {
  it("setConnectionState writes the state, its time and a change row; a deleted identity is skipped", async () => {
    const { deviceId } = await createDevice();
    const at = new Date("2026-03-04T05:06:07.000Z");
    await setConnectionState({ deviceId }, "Connected", at, "node-a");
    const device = await callApi("GET", `/api/devices/${enc(deviceId)}`);
    expect(device.json).toMatchObject({ connectionState: "Connected", connectionStateUpdatedTime: at.toISOString(), lastActivityTime: at.toISOString() });
    await setConnectionState({ deviceId: "mq-nobody" }, "Connected", at, "node-a");
    const changes = await sqlRows<{ payload: unknown }>("select payload from changes where device_id = $1 and kind = 'connection.changed'", [deviceId]);
    expect(changes).toEqual([{ payload: { connectionState: "Connected", at: at.toISOString() } }]);
  });

  // Only where one process owns the store: on the shared PostgreSQL of the suite it would reset other files' devices.
  it.skipIf(isPostgres())("resetConnectionStates marks every identity Disconnected (PGlite start-up)", async () => {
    const { deviceId } = await createDevice();
    const { moduleId } = await createModule(deviceId);
    await setConnectionState({ deviceId }, "Connected", new Date(), "node-a");
    await setConnectionState({ deviceId, moduleId }, "Connected", new Date(), "node-a");
    expect(await resetConnectionStates(new Date())).toBeGreaterThanOrEqual(2);
    const rows = await sqlRows<{ connection_state: string }>(
      "select connection_state from devices where device_id = $1 union all select connection_state from modules where device_id = $1",
      [deviceId],
    );
    expect(rows.every((r) => r.connection_state === "Disconnected")).toBe(true);
    expect(await resetConnectionStates(new Date())).toBe(0);
  });

  it("Disconnected from a node that no longer holds the session does not overwrite a takeover", async () => {
    const { deviceId } = await createDevice();
    const state = async () =>
      (await sqlRows<{ connection_state: string; connected_node: string | null }>("select connection_state, connected_node from devices where device_id = $1", [deviceId]))[0];
    await setConnectionState({ deviceId }, "Connected", new Date(), "node-a");
    await setConnectionState({ deviceId }, "Connected", new Date(), "node-b"); // the device reconnected to node b
    await setConnectionState({ deviceId }, "Disconnected", new Date(), "node-a"); // node a closes its old session late
    expect(await state()).toEqual({ connection_state: "Connected", connected_node: "node-b" });
    await setConnectionState({ deviceId }, "Disconnected", new Date(), "node-b");
    expect(await state()).toEqual({ connection_state: "Disconnected", connected_node: null });
  });

  it("findSessionNode names the live node holding a session, and nobody once that node left", async () => {
    const { deviceId } = await createDevice();
    const { moduleId } = await createModule(deviceId);
    const node = `node-${deviceId}`;
    await heartbeat(node, new Date());
    await setConnectionState({ deviceId, moduleId }, "Connected", new Date(), node);
    expect(await findSessionNode({ deviceId, moduleId })).toBe(node);
    expect(await findSessionNode({ deviceId })).toBeNull();
    await leaveCluster(node);
    expect(await findSessionNode({ deviceId, moduleId })).toBeNull();
  });

  // Global like resetConnectionStates: only on a store this file has to itself.
  it.skipIf(isPostgres())("sweepDeadNodes releases the sessions of a node that stopped beating, and only those", async () => {
    const { deviceId } = await createDevice();
    const { moduleId } = await createModule(deviceId);
    const { deviceId: otherId } = await createDevice();
    const now = Date.now();
    await heartbeat("node-dead", new Date(now - 60_000));
    await heartbeat("node-alive", new Date(now));
    await setConnectionState({ deviceId }, "Connected", new Date(), "node-dead");
    await setConnectionState({ deviceId, moduleId }, "Connected", new Date(), "node-dead");
    await setConnectionState({ deviceId: otherId }, "Connected", new Date(), "node-alive");
    expect(await sweepDeadNodes(new Date(now), 30)).toBeGreaterThanOrEqual(2); // and whatever earlier tests left behind
    const rows = await sqlRows<{ id: string; connection_state: string }>(
      "select device_id as id, connection_state from devices where device_id in ($1, $2) union all select device_id || '/' || module_id, connection_state from modules where device_id = $1 order by 1",
      [deviceId, otherId],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.connection_state]))).toEqual({
      [deviceId]: "Disconnected",
      [`${deviceId}/${moduleId}`]: "Disconnected",
      [otherId]: "Connected",
    });
    expect(await sqlRows("select node_id from cluster_nodes where node_id = 'node-dead'")).toEqual([]);
    const changes = await sqlRows("select 1 from changes where device_id = $1 and kind = 'connection.changed' and payload->>'connectionState' = 'Disconnected'", [deviceId]);
    expect(changes).toHaveLength(2);
    expect(await sweepDeadNodes(new Date(now), 30)).toBe(0);
  });
});
