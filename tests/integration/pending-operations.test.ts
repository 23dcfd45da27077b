import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deleteExpiredMethodCalls } from "@/lib/data/delete-expired-method-calls";
import { insertMethodCall } from "@/lib/data/insert-method-call";
import { reconcileDeployments } from "@/lib/data/reconcile-deployments";
import { recordDesiredDeliveries } from "@/lib/data/record-desired-deliveries";
import { desiredPatchTopic } from "@/lib/domain/mqtt";
import { callApi, createEdgeDevice, enc, setupPolicies, sqlRows, twinPath, uniqueId } from "./support/api";
import { createDeployment, baseManifest } from "./support/deployments";
import {
  connectSdk,
  deviceSdk,
  deviceToken,
  rawClient,
  registerIdentity,
  removeTlsDir,
  startEndpoint,
  stopEndpoint,
  waitFor,
  type Identity,
  type RunningEndpoint,
  type SdkClient,
} from "./support/mqtt";

/**
 * Pending operations (issue #7): operations aimed at offline devices are listed as pending and
 * complete with a receipt when the device comes back, driven through the real MQTT endpoint with
 * the official device SDK: desired writes (delivered by a twin GET or a push), direct method calls
 * waiting with connectTimeoutInSeconds (answered, expired), and deployments until the edgeAgent
 * reports lastDesiredVersion.
 */
type Pending = { kind: string; moduleId: string | null; desiredVersion: number | null; methodName: string | null; deploymentIds: string[]; status: string; requestedBy: string | null; queuedAt: string; expiresAt: string | null };
type Receipt = Pending & { outcome: string; deliveredAt: string | null; finishedAt: string | null; statusCode: number | null; errorCode: string | null };
type DeviceOps = { deviceId: string; connectionState: string; pending: Pending[]; receipts: Receipt[] };
type FleetRow = { deviceId: string; desired: number; methods: number; deployments: number; oldestQueuedAt: string | null };

let running: RunningEndpoint | null = null;
const clients: SdkClient[] = [];
const raws: import("mqtt").MqttClient[] = [];

beforeAll(async () => {
  await setupPolicies();
  running = await startEndpoint();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => {})));
  await Promise.all(raws.splice(0).map((c) => c.endAsync(true)));
});
afterAll(async () => {
  await stopEndpoint(running);
  removeTlsDir();
});

const connect = (id: Identity) => connectSdk(running!, id, clients);

async function opsOf(deviceId: string): Promise<DeviceOps> {
  const res = await callApi<DeviceOps>("GET", `/api/devices/${enc(deviceId)}/pending-operations`);
  expect(res.status, res.text).toBe(200);
  return res.json;
}

/** The fleet rows of these devices, walking pages from just before `prefix`. */
async function fleetRowsOf(prefix: string, limit = 50): Promise<FleetRow[]> {
  const rows: FleetRow[] = [];
  let cursor: string | null = Buffer.from(prefix, "utf8").toString("base64url");
  while (cursor) {
    const res: { status: number; text: string; json: { items: FleetRow[]; nextCursor: string | null } } = await callApi("GET", `/api/fleet/pending-operations?limit=${limit}&cursor=${cursor}`);
    expect(res.status, res.text).toBe(200);
    rows.push(...res.json.items.filter((r) => r.deviceId.startsWith(prefix)));
    const last: FleetRow | undefined = res.json.items.at(-1);
    cursor = last && last.deviceId.startsWith(prefix) ? res.json.nextCursor : null;
  }
  return rows;
}

const patchDesired = async (deviceId: string, moduleId: string | undefined, desired: Record<string, unknown>) => {
  const res = await callApi("PATCH", twinPath(deviceId, moduleId), { body: { properties: { desired } }, headers: { "if-match": "*" } });
  expect(res.status, res.text).toBe(200);
  return res.json.properties.desired.$version as number;
};

const feedRows = async (deviceId: string) =>
  (await sqlRows<{ n: number | string }>("select count(*) as n from changes where device_id = $1 and kind = 'operation.updated'", [deviceId]))[0].n;

describe("desired writes", () => {
  it("a patch to an offline module is pending until the module reads its twin, then has a receipt; a push delivers the next one", async () => {
    const prefix = uniqueId("pend");
    const id = await registerIdentity({ module: true, prefix });
    const v2 = await patchDesired(id.deviceId, id.moduleId, { interval: 5 });
    expect(v2).toBe(2);

    const before = await opsOf(id.deviceId);
    expect(before.pending).toMatchObject([{ kind: "desired", moduleId: id.moduleId, desiredVersion: 2, status: "pending", requestedBy: "policy:iothubowner", expiresAt: null }]);
    expect(before.receipts).toEqual([]);
    const [row] = await fleetRowsOf(prefix);
    expect(row).toMatchObject({ deviceId: id.deviceId, desired: 1, methods: 0, deployments: 0, oldestQueuedAt: before.pending[0].queuedAt });

    // The module comes back and reads its twin (reference §2.3): version 2 is delivered.
    const client = await connect(id);
    const twin = await client.getTwin();
    const after = await waitFor("the receipt", async () => {
      const ops = await opsOf(id.deviceId);
      return ops.pending.length === 0 && ops;
    });
    expect(after.receipts).toMatchObject([{ kind: "desired", moduleId: id.moduleId, desiredVersion: 2, outcome: "delivered" }]);
    expect(Date.parse(after.receipts[0].deliveredAt!)).toBeGreaterThanOrEqual(Date.parse(before.pending[0].queuedAt));
    expect(await fleetRowsOf(prefix)).toEqual([]);

    // Another GET delivers nothing new: no write, no change row.
    const feed = await feedRows(id.deviceId);
    await client.getTwin();
    expect(await feedRows(id.deviceId)).toEqual(feed);

    // Connected and subscribed, the next patch is pushed (reference §2.2) and receipted at once.
    twin.on("properties.desired", () => {});
    await waitFor("the desired subscription", async () => running!.endpoint.isSubscribed(id, desiredPatchTopic(3)));
    await patchDesired(id.deviceId, id.moduleId, { interval: 10 });
    const pushed = await waitFor("the pushed receipt", async () => {
      const ops = await opsOf(id.deviceId);
      return ops.receipts.some((r) => r.desiredVersion === 3) && ops;
    });
    expect(pushed.pending).toEqual([]);
    const [stored] = await sqlRows<{ desired_delivered_version: number }>(
      "select desired_delivered_version from modules where device_id = $1 and module_id = $2",
      [id.deviceId, id.moduleId],
    );
    expect(stored.desired_delivered_version).toBe(3);
  });

  it("a device's own desired write is tracked apart from its modules'", async () => {
    const id = await registerIdentity({ prefix: "pend" });
    await patchDesired(id.deviceId, undefined, { a: 1 });
    await patchDesired(id.deviceId, undefined, { b: 2 });
    expect((await opsOf(id.deviceId)).pending.map((p) => [p.moduleId, p.desiredVersion])).toEqual([
      [null, 2],
      [null, 3],
    ]);
    await (await connect(id)).getTwin();
    const ops = await waitFor("both delivered", async () => {
      const o = await opsOf(id.deviceId);
      return o.pending.length === 0 && o;
    });
    expect(ops.receipts.map((r) => r.desiredVersion)).toEqual([3, 2]);
  });
});

describe("recordDesiredDeliveries", () => {
  it("writes a batch of devices and modules in one statement, only where the version rises, one change row per row moved", async () => {
    const a = await registerIdentity({ module: true, prefix: "pend" });
    const b = await registerIdentity({ prefix: "pend" });
    const now = new Date();
    const delivered = async () =>
      sqlRows<{ id: string; v: number | null }>(
        "select device_id as id, desired_delivered_version as v from devices where device_id in ($1, $2) union all select device_id || '/' || module_id, desired_delivered_version from modules where device_id = $1 and module_id = $3 order by 1",
        [a.deviceId, b.deviceId, a.moduleId],
      );
    const batch = [
      { deviceId: a.deviceId, moduleId: a.moduleId, version: 4, via: "push" as const },
      { deviceId: b.deviceId, version: 2, via: "get" as const },
      { deviceId: "pend-nobody", version: 9, via: "get" as const },
    ];
    expect(await recordDesiredDeliveries(batch, now)).toBe(2);
    expect(await delivered()).toEqual(
      [
        { id: a.deviceId, v: null },
        { id: `${a.deviceId}/${a.moduleId}`, v: 4 },
        { id: b.deviceId, v: 2 },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
    // Again, or lower: nothing moves, no change row.
    const feed = (await feedRows(a.deviceId)) + "/" + (await feedRows(b.deviceId));
    expect(await recordDesiredDeliveries([{ ...batch[0], version: 3 }, batch[1]], now)).toBe(0);
    expect((await feedRows(a.deviceId)) + "/" + (await feedRows(b.deviceId))).toBe(feed);
    expect(feed).toBe("1/1");
  });
});

describe("direct methods waiting for a connection", () => {
  it("are listed pending while waiting, then answered with a receipt", async () => {
    const prefix = uniqueId("pend");
    const id = await registerIdentity({ prefix });
    const path = `${twinPath(id.deviceId)}/methods`;
    const call = callApi("POST", path, { body: { methodName: "reboot", payload: { secret: "not stored" }, connectTimeoutInSeconds: 30, responseTimeoutInSeconds: 10 } });

    const waiting = await waitFor("the pending call", async () => {
      const ops = await opsOf(id.deviceId);
      return ops.pending.some((p) => p.kind === "method") && ops;
    });
    const [pending] = waiting.pending;
    expect(pending).toMatchObject({ kind: "method", moduleId: null, methodName: "reboot", status: "pending", requestedBy: "policy:iothubowner" });
    expect(Date.parse(pending.expiresAt!) - Date.parse(pending.queuedAt)).toBe(30_000);
    expect(await fleetRowsOf(prefix)).toMatchObject([{ deviceId: id.deviceId, methods: 1, desired: 0 }]);

    const client = (await connect(id)) as InstanceType<typeof deviceSdk.Client>;
    client.onDeviceMethod("reboot", (_req, res) => void res.send(200, { ok: true }));
    const res = await call;
    expect([res.status, res.json]).toEqual([200, { status: 200, payload: { ok: true } }]);

    const done = await opsOf(id.deviceId);
    expect(done.pending).toEqual([]);
    expect(done.receipts).toMatchObject([{ kind: "method", methodName: "reboot", outcome: "answered", statusCode: 200, errorCode: null }]);
    expect(done.receipts[0].deliveredAt).not.toBeNull();
    // Only the name and the outcome are kept, never the payload.
    const [row] = await sqlRows<Record<string, unknown>>("select * from method_calls where device_id = $1", [id.deviceId]);
    expect(JSON.stringify(row)).not.toContain("not stored");
  });

  it("expire when the device does not connect in time, and are not recorded for a connected device", async () => {
    const id = await registerIdentity({ prefix: "pend" });
    const res = await callApi("POST", `${twinPath(id.deviceId)}/methods`, { body: { methodName: "flush", connectTimeoutInSeconds: 1, responseTimeoutInSeconds: 5 } });
    expect([res.status, res.json.error.code]).toEqual([404, "DeviceNotOnline"]);
    const ops = await opsOf(id.deviceId);
    expect(ops.pending).toEqual([]);
    expect(ops.receipts).toMatchObject([{ kind: "method", methodName: "flush", outcome: "expired", statusCode: 404, errorCode: "DeviceNotOnline", deliveredAt: null }]);

    // No connect timeout: refused at once, nothing queued.
    expect((await callApi("POST", `${twinPath(id.deviceId)}/methods`, { body: { methodName: "now", responseTimeoutInSeconds: 5 } })).status).toBe(404);
    expect((await opsOf(id.deviceId)).receipts.filter((r) => r.methodName === "now")).toEqual([]);
  });

  it("a call still pending after its expiry (its server process died) shows as expired; retention deletes old rows", async () => {
    const id = await registerIdentity({ prefix: "pend" });
    const longAgo = new Date(Date.now() - 48 * 3_600_000);
    await insertMethodCall({ deviceId: id.deviceId }, { methodName: "orphan", requestedBy: "user:x", connectTimeoutInSeconds: 60 }, longAgo);
    await insertMethodCall({ deviceId: id.deviceId }, { methodName: "recent", requestedBy: "user:x", connectTimeoutInSeconds: 1 }, new Date(Date.now() - 10_000));
    const ops = await opsOf(id.deviceId);
    expect(ops.pending).toEqual([]);
    expect(ops.receipts.map((r) => [r.methodName, r.outcome, r.errorCode])).toEqual([
      ["recent", "expired", "DeviceNotOnline"],
      ["orphan", "expired", "DeviceNotOnline"],
    ]);
    expect(await deleteExpiredMethodCalls(24, new Date())).toBeGreaterThanOrEqual(1);
    expect((await opsOf(id.deviceId)).receipts.map((r) => r.methodName)).toEqual(["recent"]);
  });
});

describe("deployments", () => {
  it("are pending until the edgeAgent reports lastDesiredVersion, then applied with the report's time", async () => {
    const site = uniqueId("site");
    const prefix = uniqueId("pend");
    const { deviceId, device } = await createEdgeDevice({ id: `${prefix}-edge` });
    await callApi("PATCH", twinPath(deviceId), { body: { tags: { site } }, headers: { "if-match": "*" } });
    const { id: deploymentId } = await createDeployment({ content: { modulesContent: baseManifest() }, targetCondition: `tags.site = '${site}'`, priority: 1 });
    await reconcileDeployments(new Date());

    const ops = await opsOf(deviceId);
    const deployment = ops.pending.find((p) => p.kind === "deployment");
    expect(deployment).toMatchObject({ moduleId: "$edgeAgent", deploymentIds: [deploymentId], desiredVersion: 2 });
    // The same write is also an undelivered desired write of $edgeAgent (and $edgeHub).
    expect(ops.pending.filter((p) => p.kind === "desired").map((p) => p.moduleId).sort()).toEqual(["$edgeAgent", "$edgeHub"]);
    expect(await fleetRowsOf(prefix)).toMatchObject([{ deviceId, deployments: 1, desired: 2 }]);

    // The runtime switches $edgeAgent to SAS and signs in with a device-scoped token (as the
    // simulator's edgeAgent does), which the SDK's ModuleClient cannot: IoT Hub's twin topics by hand.
    const sas = await callApi("PUT", `/api/devices/${enc(deviceId)}/modules/$edgeAgent`, { body: { deviceId, moduleId: "$edgeAgent", authentication: { type: "sas" } }, headers: { "if-match": "*" } });
    expect(sas.status, sas.text).toBe(200);
    const key = device.authentication.symmetricKey.primaryKey;
    const agent = await rawClient(running!, { deviceId, moduleId: "$edgeAgent", key }, { password: deviceToken({ deviceId }, key) });
    raws.push(agent);
    const answers = new Map<string, number>();
    agent.on("message", (topic) => {
      const m = /^\$iothub\/twin\/res\/(\d+)\/\?\$rid=(\w+)/.exec(topic);
      if (m) answers.set(m[2], Number(m[1]));
    });
    await agent.subscribeAsync("$iothub/twin/res/#", { qos: 0 });
    const request = async (topic: string, rid: string, body: string) => {
      await agent.publishAsync(`${topic}?$rid=${rid}`, body, { qos: 0 });
      return waitFor(`twin answer ${rid}`, async () => answers.get(rid));
    };
    expect(await request("$iothub/twin/GET/", "g1", "")).toBe(200);
    // Delivered but not yet acted on: the deployment stays pending.
    await waitFor("edgeAgent desired delivered", async () => !(await opsOf(deviceId)).pending.some((p) => p.kind === "desired" && p.moduleId === "$edgeAgent"));
    expect((await opsOf(deviceId)).pending.some((p) => p.kind === "deployment")).toBe(true);

    expect(await request("$iothub/twin/PATCH/properties/reported/", "p1", JSON.stringify({ lastDesiredVersion: 2, lastDesiredStatus: { code: 200 } }))).toBe(204);
    const done = await opsOf(deviceId);
    expect(done.pending.some((p) => p.kind === "deployment")).toBe(false);
    const receipt = done.receipts.find((r) => r.kind === "deployment");
    expect(receipt).toMatchObject({ outcome: "applied", statusCode: 200, deploymentIds: [deploymentId] });
    const reported = (await callApi("GET", twinPath(deviceId, "$edgeAgent"))).json.properties.reported.$metadata.lastDesiredVersion.$lastUpdated;
    expect(receipt!.finishedAt).toBe(reported);
  });
});

describe("the API", () => {
  it("pages the fleet list by device id", async () => {
    const prefix = uniqueId("pend");
    for (const tail of ["a", "b", "c"]) {
      const { deviceId } = await createEdgeDevice({ id: `${prefix}-${tail}` });
      await patchDesired(deviceId, undefined, { x: tail });
    }
    const rows = await fleetRowsOf(prefix, 1);
    expect(rows.map((r) => r.deviceId)).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["limit=x", "limit"],
    ["limit=1.5", "limit"],
    ["cursor=%25%25", "cursor"],
    ["cursor=", "cursor"],
    ["nope=1", "nope"],
  ])("400 for %s", async (query, path) => {
    const res = await callApi("GET", `/api/fleet/pending-operations?${query}`);
    expect([res.status, res.json.error.code, res.json.error.details?.path]).toEqual([400, "ArgumentInvalid", path]);
  });

  it("404 for an unknown device", async () => {
    const res = await callApi("GET", "/api/devices/pend-nobody-here/pending-operations");
    expect([res.status, res.json.error.code]).toEqual([404, "DeviceNotFound"]);
  });
});
