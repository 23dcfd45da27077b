import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createDevice, enc, getTwin, setupPolicies, sqlRows, twinPath } from "./support/api";

/**
 * A twin PATCH may plan on the twin this node wrote last instead of reading it (lib/data/recent-twins.ts).
 * These are the ways that copy goes stale behind the node's back: each must still merge on the
 * twin as stored, never on the old copy.
 */
beforeAll(async () => {
  await setupPolicies();
});

const patchTags = (deviceId: string, tags: Record<string, unknown>, ifMatch?: string) =>
  callApi("PATCH", twinPath(deviceId), { body: { tags }, headers: ifMatch ? { "if-match": ifMatch } : {} });

describe("twin writes planned on this node's last copy", () => {
  it("a write by someone else in between is merged, not overwritten", async () => {
    const { deviceId } = await createDevice();
    const first = await patchTags(deviceId, { a: 1 });
    expect(first.status).toBe(200);
    // Another node (or a deployment) writes the same twin: version and tags move on in the store only.
    await sqlRows(`update devices set tags = tags || '{"other": true}'::jsonb, twin_version = twin_version + 1 where device_id = $1`, [deviceId]);

    const second = await patchTags(deviceId, { b: 2 });
    expect(second.status).toBe(200);
    expect(second.json.tags).toEqual({ a: 1, other: true, b: 2 });
    expect(second.json.version).toBe(first.json.version + 2);
    expect((await getTwin(deviceId)).tags).toEqual({ a: 1, other: true, b: 2 });
  });

  it("the etag of the node's copy is refused once the twin moved on elsewhere", async () => {
    const { deviceId } = await createDevice();
    const first = await patchTags(deviceId, { a: 1 });
    await sqlRows(`update devices set tags = '{"other": true}'::jsonb, twin_version = twin_version + 1 where device_id = $1`, [deviceId]);

    const stale = await patchTags(deviceId, { b: 2 }, `"${first.json.etag}"`);
    expect(stale.status).toBe(412);
    expect(stale.json.error.code).toBe("PreconditionFailed");
    expect((await getTwin(deviceId)).tags).toEqual({ other: true });

    // The current etag, which this node never wrote, is accepted.
    const current = await getTwin(deviceId);
    const fresh = await patchTags(deviceId, { b: 2 }, `"${current.etag}"`);
    expect(fresh.status).toBe(200);
    expect(fresh.json.tags).toEqual({ other: true, b: 2 });
  });

  it("a device deleted and created again at the same twin version is not mistaken for the old one", async () => {
    const { deviceId } = await createDevice();
    const first = await patchTags(deviceId, { old: "twin" });
    expect(first.status).toBe(200);
    expect((await callApi("DELETE", `/api/devices/${enc(deviceId)}`)).status).toBeLessThan(300);
    await createDevice({ id: deviceId });
    // The new identity reaches the old twin's version without this node writing it.
    await sqlRows(`update devices set tags = '{"new": "twin"}'::jsonb, twin_version = $2 where device_id = $1`, [deviceId, first.json.version]);

    const written = await patchTags(deviceId, { c: 3 }, "*");
    expect(written.status).toBe(200);
    expect(written.json.tags).toEqual({ new: "twin", c: 3 });
  });

  it("desired properties keep their $version and metadata across writes planned on the copy", async () => {
    const { deviceId } = await createDevice();
    const path = twinPath(deviceId);
    const one = await callApi("PATCH", path, { body: { properties: { desired: { x: 1 } } } });
    const two = await callApi("PATCH", path, { body: { properties: { desired: { y: 2 } } }, headers: { "if-match": `"${one.json.etag}"` } });
    expect(two.status).toBe(200);
    expect(two.json.properties.desired).toMatchObject({ x: 1, y: 2, $version: one.json.properties.desired.$version + 1 });
    const stored = await getTwin(deviceId);
    expect(stored.properties.desired.$metadata.x.$lastUpdatedVersion).toBe(one.json.properties.desired.$version);
    expect(stored.properties.desired.$metadata.y.$lastUpdatedVersion).toBe(two.json.properties.desired.$version);
  });
});
