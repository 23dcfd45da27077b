import { beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  createDevice,
  enc,
  getTwin,
  revisionsOf,
  setupPolicies,
  sqlRows,
  twinPath,
  twinTargets,
  uniqueId,
} from "./support/api";

/**
 * Concurrent writers against one row: the twin etag is the only concurrency handle (reference §2.3),
 * so of N writers holding the same etag exactly one may win, and nothing may be half-written.
 */
beforeAll(async () => {
  await setupPolicies();
});

const N = 50;

describe.each(twinTargets)("%s", (_name, makeTarget) => {
  it.each(["PATCH", "PUT"])(`${N} concurrent conditional %s with the same etag: one 200, ${N - 1} × 412`, async (method) => {
    const t = await makeTarget();
    await callApi("PATCH", twinPath(t.deviceId, t.moduleId), { body: { properties: { desired: { seed: true } } } });
    const initial = await getTwin(t.deviceId, t.moduleId);
    const revisionsBefore = await revisionsOf(t.deviceId, t.moduleId);

    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        callApi(method, twinPath(t.deviceId, t.moduleId), {
          body: { properties: { desired: { [`w${i}`]: i } } },
          headers: { "if-match": `"${initial.etag}"` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(N - 1);
    const winner = results.findIndex((r) => r.status === 200);
    for (const r of results) if (r.status === 412) expect(r.json.error.code).toBe("PreconditionFailed");

    const final = await getTwin(t.deviceId, t.moduleId);
    expect(final.properties.desired.$version).toBe(initial.properties.desired.$version + 1);
    expect(final.version).toBe(initial.version + 1);
    expect(final).toEqual(results[winner]!.json);
    const writtenKeys = Object.keys(final.properties.desired).filter((k) => /^w\d+$/.test(k));
    expect(writtenKeys).toEqual([`w${winner}`]);
    if (method === "PATCH") expect(final.properties.desired.seed).toBe(true);

    const added = (await revisionsOf(t.deviceId, t.moduleId)).slice(revisionsBefore.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ section: "desired", version: final.properties.desired.$version, patch: { [`w${winner}`]: winner } });
  });

  it(`${N} concurrent unconditional PATCHes all apply, each with its own $version`, async () => {
    const t = await makeTarget();
    const initial = await getTwin(t.deviceId, t.moduleId);
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        callApi("PATCH", twinPath(t.deviceId, t.moduleId), {
          body: { properties: { desired: { [`w${i}`]: i } } },
          headers: { "if-match": "*" },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(N).fill(200));
    const versions = results.map((r) => r.json.properties.desired.$version as number).sort((a, b) => a - b);
    const v0 = initial.properties.desired.$version;
    expect(versions).toEqual(Array.from({ length: N }, (_, i) => v0 + 1 + i));
    const final = await getTwin(t.deviceId, t.moduleId);
    expect(final.properties.desired.$version).toBe(v0 + N);
    for (let i = 0; i < N; i++) expect(final.properties.desired[`w${i}`]).toBe(i);
    const revisions = await revisionsOf(t.deviceId, t.moduleId);
    expect(revisions.map((r) => r.version).sort((a, b) => a - b)).toEqual(versions);
  });
});

describe("identity races", () => {
  it("concurrent creates of one device id: one 200, the rest 409", async () => {
    const deviceId = uniqueId("race");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => callApi("PUT", `/api/devices/${enc(deviceId)}`, { body: { deviceId, capabilities: { iotEdge: true } } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
    const modules = await sqlRows("select module_id from modules where device_id = $1 order by module_id", [deviceId]);
    expect(modules).toEqual([{ module_id: "$edgeAgent" }, { module_id: "$edgeHub" }]);
  });

  it("concurrent module creates never exceed 50 modules on a device", async () => {
    const { deviceId } = await createDevice();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        callApi("PUT", `/api/devices/${enc(deviceId)}/modules/m${i}`, { body: { deviceId, moduleId: `m${i}` } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 413)).toHaveLength(10);
    const [{ n }] = await sqlRows<{ n: string }>("select count(*) as n from modules where device_id = $1", [deviceId]);
    expect(Number(n)).toBe(50);
  });

  it("concurrent identity updates with one etag: exactly one wins", async () => {
    const { deviceId, device } = await createDevice();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        callApi("PUT", `/api/devices/${enc(deviceId)}`, {
          body: { deviceId, statusReason: `r${i}` },
          headers: { "if-match": `"${device.etag}"` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    const winner = results.find((r) => r.status === 200)!;
    expect((await callApi("GET", `/api/devices/${enc(deviceId)}`)).json).toEqual(winner.json);
  });
});
