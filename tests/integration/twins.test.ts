import { beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  changesOf,
  createDevice,
  createEdgeDevice,
  getTwin,
  revisionsOf,
  setupPolicies,
  sqlRows,
  twinPath,
  type TwinTarget,
  twinTargets,
} from "./support/api";
import { getTwin as getTwinData } from "@/lib/data/get-twin";

beforeAll(async () => {
  await setupPolicies();
});

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
/** The twin ETag for a version: base64 of the 8-byte big-endian counter (reference §2.1). */
const etagOf = (version: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(version));
  return b.toString("base64");
};
/** Desired/reported without the service-maintained members. */
const plain = ({ $metadata: _m, $version: _v, ...rest }: Record<string, unknown>) => rest;

type Target = TwinTarget;
const patchTwin = (t: Target, body: unknown, ifMatch?: string) =>
  callApi("PATCH", twinPath(t.deviceId, t.moduleId), { body, headers: ifMatch === undefined ? {} : { "if-match": ifMatch } });
const putTwin = (t: Target, body: unknown, ifMatch?: string) =>
  callApi("PUT", twinPath(t.deviceId, t.moduleId), { body, headers: ifMatch === undefined ? {} : { "if-match": ifMatch } });

describe("twin read (reference §2.1)", () => {
  it("masks the registry passwords edgeAgent echoes in its reported properties (§8.1), in reads and queries", async () => {
    const { deviceId } = await createEdgeDevice();
    const reported = { runtime: { type: "docker", settings: { registryCredentials: { acr: { username: "pull", password: "s3cret", address: "r.example" } } } } };
    await sqlRows(`update modules set reported = $1::jsonb where device_id = $2 and module_id = '$edgeAgent'`, [JSON.stringify(reported), deviceId]);
    const twin = await getTwin(deviceId, "$edgeAgent");
    expect(twin.properties.reported.runtime.settings.registryCredentials.acr).toEqual({ username: "pull", password: "******", address: "r.example" });
    const query = await callApi("POST", "/api/devices/query", {
      body: { query: `SELECT * FROM devices.modules WHERE deviceId = '${deviceId}' AND moduleId = '$edgeAgent'` },
    });
    expect(query.status, query.text).toBe(200);
    expect(JSON.stringify(query.json)).not.toContain("s3cret");
    // The device's own view (twin GET over MQTT) is what it reported.
    const own = await getTwinData({ deviceId, moduleId: "$edgeAgent" }, { forDevice: true });
    expect((own.properties.reported as Record<string, unknown>).runtime).toEqual(reported.runtime);
  });

  it("a new device twin has every documented field and empty sections at $version 1", async () => {
    const { deviceId, device } = await createDevice();
    const twin = await getTwin(deviceId);
    expect(twin).toMatchObject({
      deviceId,
      etag: etagOf(1),
      deviceEtag: device.etag,
      version: 1,
      status: "enabled",
      connectionState: "Disconnected",
      cloudToDeviceMessageCount: 0,
      authenticationType: "sas",
      x509Thumbprint: { primaryThumbprint: null, secondaryThumbprint: null },
      modelId: "",
      capabilities: { iotEdge: false },
      parentScopes: [],
      configurations: {},
      tags: {},
    });
    expect(twin.statusUpdateTime).toMatch(ISO);
    expect(twin.lastActivityTime).toBe("0001-01-01T00:00:00Z");
    expect(twin).not.toHaveProperty("moduleId");
    expect(twin).not.toHaveProperty("generationId");
    expect(twin).not.toHaveProperty("connectionStateUpdatedTime");
    expect(twin.properties.desired).toEqual({ $metadata: { $lastUpdated: expect.stringMatching(ISO), $lastUpdatedVersion: 1 }, $version: 1 });
    expect(twin.properties.reported).toEqual({ $metadata: { $lastUpdated: expect.stringMatching(ISO) }, $version: 1 });
  });

  it("a module twin names its module and carries no device-only fields", async () => {
    const { deviceId } = await createEdgeDevice();
    const twin = await getTwin(deviceId, "$edgeHub");
    expect(twin).toMatchObject({ deviceId, moduleId: "$edgeHub", etag: etagOf(1), version: 1, authenticationType: "none" });
    for (const field of ["capabilities", "deviceScope", "parentScopes", "generationId"]) expect(twin).not.toHaveProperty(field);
  });

  it.each([
    ["device", (id: string) => twinPath(`${id}-missing`), "DeviceNotFound"],
    ["module", (id: string) => twinPath(id, "nope"), "ModuleNotFound"],
  ])("a missing %s twin is 404", async (_name, pathOf, code) => {
    const { deviceId } = await createDevice();
    for (const method of ["GET", "PATCH", "PUT"]) {
      const res = await callApi(method, pathOf(deviceId), method === "GET" ? {} : { body: { tags: { a: 1 } } });
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe(code);
    }
  });
});

describe.each(twinTargets)("%s writes", (_name, makeTarget) => {
  it("PATCH merges tags and desired: null deletes at any depth, arrays are replaced, $version +1 per write", async () => {
    const t = await makeTarget();
    const steps: Array<[unknown, unknown]> = [
      [{ a: 1, b: { c: 2, d: { e: 3, f: 4 } }, arr: [1, 2, 3] }, { a: 1, b: { c: 2, d: { e: 3, f: 4 } }, arr: [1, 2, 3] }],
      [{ b: { d: { e: null } } }, { a: 1, b: { c: 2, d: { f: 4 } }, arr: [1, 2, 3] }],
      [{ arr: [9] }, { a: 1, b: { c: 2, d: { f: 4 } }, arr: [9] }],
      [{ a: null, b: { c: { x: true } }, g: "s" }, { b: { c: { x: true }, d: { f: 4 } }, arr: [9], g: "s" }],
      [{ b: null }, { arr: [9], g: "s" }],
    ];
    let desiredVersion = 1;
    let twinVersion = 1;
    for (const [patch, expected] of steps) {
      const res = await patchTwin(t, { tags: patch, properties: { desired: patch } });
      expect(res.status).toBe(200);
      desiredVersion += 1;
      twinVersion += 1;
      expect(res.json.tags).toEqual(expected);
      expect(plain(res.json.properties.desired)).toEqual(expected);
      expect(res.json.properties.desired.$version).toBe(desiredVersion);
      expect(res.json.version).toBe(twinVersion);
      expect(res.json.etag).toBe(etagOf(twinVersion));
      expect(await getTwin(t.deviceId, t.moduleId)).toEqual(res.json);
    }
    const revisions = await revisionsOf(t.deviceId, t.moduleId);
    expect(revisions.filter((r) => r.section === "desired").map((r) => r.version)).toEqual([2, 3, 4, 5, 6]);
    expect(revisions.filter((r) => r.section === "tags").map((r) => r.version)).toEqual([2, 3, 4, 5, 6]);
    expect(revisions.map((r) => r.patch)).toEqual(steps.flatMap(([p]) => [p, p]));
    expect(new Set(revisions.map((r) => `${r.operation} ${r.actor}`))).toEqual(new Set(["patch policy:iothubowner"]));
  });

  it("PUT replaces tags and desired wholesale; a write that repeats values still bumps $version", async () => {
    const t = await makeTarget();
    await patchTwin(t, { tags: { old: 1, keep: { x: 1 } }, properties: { desired: { old: 1, deep: { y: 2 } } } });
    const res = await putTwin(t, { tags: { keep: { z: 2 } }, properties: { desired: { fresh: [1], gone: null } } });
    expect(res.status).toBe(200);
    expect(res.json.tags).toEqual({ keep: { z: 2 } });
    expect(plain(res.json.properties.desired)).toEqual({ fresh: [1] });
    expect(res.json.properties.desired.$version).toBe(3);
    expect(Object.keys(res.json.properties.desired.$metadata).sort()).toEqual(["$lastUpdated", "$lastUpdatedVersion", "fresh"]);
    const again = await putTwin(t, { properties: { desired: { fresh: [1] } } });
    expect(again.json.properties.desired.$version).toBe(4);
    expect(again.json.tags).toEqual({ keep: { z: 2 } });
    const revisions = await revisionsOf(t.deviceId, t.moduleId);
    expect(revisions.map((r) => [r.section, r.version, r.operation])).toEqual([
      ["tags", 2, "patch"],
      ["desired", 2, "patch"],
      ["tags", 3, "replace"],
      ["desired", 3, "replace"],
      ["desired", 4, "replace"],
    ]);
  });

  it("stamps $metadata with $lastUpdated and $lastUpdatedVersion on touched nodes only", async () => {
    const t = await makeTarget();
    const t0 = Date.now();
    await patchTwin(t, { properties: { desired: { a: { b: 1 }, c: 2 } } });
    const t1 = Date.now();
    const second = await patchTwin(t, { properties: { desired: { a: { d: 3 } } } });
    const t2 = Date.now();
    const meta = second.json.properties.desired.$metadata;
    const time = (node: { $lastUpdated: string }) => Date.parse(node.$lastUpdated);
    expect(meta.$lastUpdatedVersion).toBe(3);
    expect(meta.a.$lastUpdatedVersion).toBe(3);
    expect(meta.a.d.$lastUpdatedVersion).toBe(3);
    expect(meta.a.b.$lastUpdatedVersion).toBe(2);
    expect(meta.c.$lastUpdatedVersion).toBe(2);
    for (const node of [meta.a.b, meta.c]) {
      expect(node.$lastUpdated).toMatch(ISO);
      expect(time(node)).toBeGreaterThanOrEqual(t0 - 1);
      expect(time(node)).toBeLessThanOrEqual(t1 + 1);
    }
    for (const node of [meta, meta.a, meta.a.d]) {
      expect(time(node)).toBeGreaterThanOrEqual(t1 - 1);
      expect(time(node)).toBeLessThanOrEqual(t2 + 1);
    }
    const deleted = await patchTwin(t, { properties: { desired: { a: { b: null } } } });
    const after = deleted.json.properties.desired.$metadata;
    expect(after.a).not.toHaveProperty("b");
    expect(after.a.$lastUpdatedVersion).toBe(4);
    expect(after.c.$lastUpdatedVersion).toBe(2);
  });

  it.each([
    ["quoted etag", (v: number) => `"${etagOf(v)}"`],
    ["unquoted etag", (v: number) => etagOf(v)],
    ["weak etag", (v: number) => `W/"${etagOf(v)}"`],
    ["*", () => "*"],
    ['"*"', () => '"*"'],
  ])("If-Match %s is accepted", async (_name, header) => {
    const t = await makeTarget();
    await patchTwin(t, { tags: { n: 1 } });
    const res = await patchTwin(t, { tags: { n: 2 } }, header(2));
    expect(res.status).toBe(200);
    expect(res.json.version).toBe(3);
    const replaced = await putTwin(t, { tags: { n: 3 } }, header(3));
    expect(replaced.status).toBe(200);
  });

  it.each([
    ["stale quoted etag", `"${etagOf(1)}"`],
    ["stale unquoted etag", etagOf(1)],
    ["garbage", '"not-an-etag"'],
    ["empty quoted", '""'],
  ])("If-Match %s is 412 PreconditionFailed and writes nothing", async (_name, header) => {
    const t = await makeTarget();
    await patchTwin(t, { tags: { n: 1 }, properties: { desired: { n: 1 } } });
    const before = await getTwin(t.deviceId, t.moduleId);
    const revisions = await revisionsOf(t.deviceId, t.moduleId);
    const changes = await changesOf(t.deviceId);
    for (const write of [patchTwin, putTwin]) {
      const res = await write(t, { tags: { n: 2 }, properties: { desired: { n: 2 } } }, header);
      expect(res.status).toBe(412);
      expect(res.json.error.code).toBe("PreconditionFailed");
      expect(res.headers.get("iothub-errorcode")).toBe("PreconditionFailed");
    }
    expect(await getTwin(t.deviceId, t.moduleId)).toEqual(before);
    expect(await revisionsOf(t.deviceId, t.moduleId)).toEqual(revisions);
    expect(await changesOf(t.deviceId)).toEqual(changes);
  });

  it("writes the change-feed rows with the twin write", async () => {
    const t = await makeTarget();
    const before = (await changesOf(t.deviceId)).length;
    const res = await patchTwin(t, { tags: { a: 1 }, properties: { desired: { a: 1 } } });
    const desiredOnly = await patchTwin(t, { properties: { desired: { b: 1 } } });
    const rows = (await changesOf(t.deviceId)).slice(before);
    expect(rows.map((r) => [r.kind, r.module_id, Number(r.version)])).toEqual([
      ["twin.tags", t.moduleId ?? null, res.json.version],
      ["twin.desired", t.moduleId ?? null, res.json.properties.desired.$version],
      ["twin.desired", t.moduleId ?? null, desiredOnly.json.properties.desired.$version],
    ]);
    const seqs = rows.map((r) => Number(r.seq));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });
});
