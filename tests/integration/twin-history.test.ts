import { beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  createDevice,
  enc,
  getTwin,
  setupPolicies,
  sqlRows,
  twinPath,
  type TwinTarget,
  twinTargets,
  uniqueId,
} from "./support/api";
import { asUser, signIn, type Session } from "./support/operators";

/**
 * Twin history and revert (GET …/revisions, POST …/revisions/{version}/revert): what each revision
 * records, paging, revert as a new audited write guarded by If-Match, and the errors.
 */

type Target = TwinTarget;
const sessions = {} as { viewer: Session; operator: Session };

beforeAll(async () => {
  await setupPolicies();
  sessions.viewer = await signIn("viewer");
  sessions.operator = await signIn("operator");
});


const history = (t: Target, query = "") => callApi("GET", `${twinPath(t.deviceId, t.moduleId)}/revisions${query}`);
const revert = (t: Target, version: number | string, ifMatch?: string) =>
  callApi("POST", `${twinPath(t.deviceId, t.moduleId)}/revisions/${version}/revert`, {
    headers: ifMatch === undefined ? {} : { "if-match": ifMatch },
  });
const patch = async (t: Target, body: unknown) => {
  const res = await callApi("PATCH", twinPath(t.deviceId, t.moduleId), { body, headers: { "if-match": "*" } });
  expect(res.status, res.text).toBe(200);
  return res.json;
};
const plain = ({ $metadata: _m, $version: _v, ...rest }: Record<string, unknown>) => rest;

describe.each(twinTargets)("%s history", (_name, make) => {
  it("lists every service write newest first, with what was sent, the section after and before", async () => {
    const t = await make();
    await patch(t, { properties: { desired: { a: 1, nested: { x: 1 } } } });
    await patch(t, { properties: { desired: { a: 2, nested: { x: null } } } });
    const put = await callApi("PUT", twinPath(t.deviceId, t.moduleId), { body: { properties: { desired: { only: true } } } });
    expect(put.status).toBe(200);

    const res = await history(t);
    expect(res.status, res.text).toBe(200);
    expect(res.json.nextBefore).toBeNull();
    expect(res.json.items.map((i: { version: number }) => i.version)).toEqual([4, 3, 2]);
    const [third, second, first] = res.json.items;
    expect(first).toMatchObject({ operation: "patch", actor: "policy:iothubowner" });
    expect(first.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(first.sections).toEqual([
      { section: "desired", sectionVersion: 2, patch: { a: 1, nested: { x: 1 } }, snapshot: { a: 1, nested: { x: 1 } }, previous: {} },
    ]);
    expect(second.sections[0]).toMatchObject({
      patch: { a: 2, nested: { x: null } },
      snapshot: { a: 2, nested: {} },
      previous: { a: 1, nested: { x: 1 } },
    });
    expect(third).toMatchObject({ operation: "replace", sections: [{ snapshot: { only: true }, previous: { a: 2, nested: {} } }] });
  });

  it("pages with limit and before", async () => {
    const t = await make();
    for (let i = 1; i <= 5; i++) await patch(t, { properties: { desired: { step: i } } });
    const first = await history(t, "?limit=2");
    expect(first.json.items.map((i: { version: number }) => i.version)).toEqual([6, 5]);
    expect(first.json.nextBefore).toBe(5);
    const second = await history(t, `?limit=2&before=${first.json.nextBefore}`);
    expect(second.json.items.map((i: { version: number }) => i.version)).toEqual([4, 3]);
    const last = await history(t, `?limit=2&before=${second.json.nextBefore}`);
    expect(last.json.items.map((i: { version: number }) => i.version)).toEqual([2]);
    expect(last.json.nextBefore).toBeNull();
  });

  it("revert writes a new revision restoring that revision's desired, audited, pushed to the feed", async () => {
    const t = await make();
    await patch(t, { properties: { desired: { mode: "eco", level: 1 } } });
    await patch(t, { properties: { desired: { mode: "turbo", extra: [1, 2] } } });
    const before = await getTwin(t.deviceId, t.moduleId);

    const res = await asUser(sessions.operator, "POST", `${twinPath(t.deviceId, t.moduleId)}/revisions/2/revert`, {
      headers: { "if-match": `"${before.etag}"` },
    });
    expect(res.status, res.text).toBe(200);
    expect(plain(res.json.properties.desired)).toEqual({ mode: "eco", level: 1 });
    expect(res.json.properties.desired.$version).toBe(4);
    expect(res.json.version).toBe(before.version + 1);

    const list = await history(t);
    expect(list.json.items[0]).toMatchObject({
      version: 4,
      operation: "replace",
      actor: `user:${sessions.operator.username}`,
      sections: [{ section: "desired", snapshot: { mode: "eco", level: 1 }, previous: { mode: "turbo", level: 1, extra: [1, 2] } }],
    });
    const targetId = t.moduleId === undefined ? t.deviceId : `${t.deviceId}/${t.moduleId}`;
    const audit = await sqlRows<{ action: string; actor: string; after: { desired: unknown } }>(
      "select action, actor, after from audit_log where target_id = $1 and action = 'twin.revert'",
      [targetId],
    );
    expect(audit).toEqual([{ action: "twin.revert", actor: `user:${sessions.operator.username}`, after: { desired: { mode: "eco", level: 1 } } }]);
    const feed = await sqlRows<{ kind: string }>(
      "select kind from changes where device_id = $1 and module_id is not distinct from $2 order by seq desc limit 1",
      [t.deviceId, t.moduleId ?? null],
    );
    expect(feed).toEqual([{ kind: "twin.desired" }]);
  });

  it("revert with a stale If-Match is 412 and writes nothing", async () => {
    const t = await make();
    const first = await patch(t, { properties: { desired: { v: 1 } } });
    await patch(t, { properties: { desired: { v: 2 } } });
    const res = await revert(t, 2, `"${first.etag}"`);
    expect(res.status, res.text).toBe(412);
    expect(res.json.error.code).toBe("PreconditionFailed");
    expect((await history(t)).json.items).toHaveLength(2);
    expect(plain((await getTwin(t.deviceId, t.moduleId)).properties.desired)).toEqual({ v: 2 });
  });

  it("an unknown revision is 404 and a malformed version 400, writing nothing", async () => {
    const t = await make();
    await patch(t, { properties: { desired: { v: 1 } } });
    const missing = await revert(t, 99);
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: "NotFound", details: { path: "version" } });
    // Version 1 is the twin as created: no write made it, so there is nothing to restore.
    expect((await revert(t, 1)).status).toBe(404);
    for (const bad of ["0", "-1", "abc", "1.5", "99999999999999999999"]) {
      const res = await revert(t, enc(bad));
      expect(res.status, bad).toBe(400);
      expect(res.json.error).toMatchObject({ code: "ArgumentInvalid", details: { path: "version" } });
    }
    expect((await history(t)).json.items).toHaveLength(1);
  });

  it("bad paging parameters are 400 naming the parameter", async () => {
    const t = await make();
    for (const [query, path] of [
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?limit=x", "limit"],
      ["?before=0", "before"],
      ["?sort=asc", "sort"],
    ]) {
      const res = await history(t, query);
      expect(res.status, query).toBe(400);
      expect(res.json.error).toMatchObject({ code: "ArgumentInvalid", details: { path } });
    }
    expect((await history(t, "?api-version=2021-04-12")).status).toBe(200);
  });

  it("a viewer may read the history but not revert", async () => {
    const t = await make();
    await patch(t, { properties: { desired: { v: 1 } } });
    const read = await asUser(sessions.viewer, "GET", `${twinPath(t.deviceId, t.moduleId)}/revisions`);
    expect(read.status).toBe(200);
    expect(read.json.items).toHaveLength(1);
    const res = await asUser(sessions.viewer, "POST", `${twinPath(t.deviceId, t.moduleId)}/revisions/2/revert`);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("Forbidden");
    expect((await history(t)).json.items).toHaveLength(1);
  });

  it("an unknown twin is 404", async () => {
    const t = await make();
    const gone = t.moduleId === undefined ? { deviceId: uniqueId("gone") } : { deviceId: t.deviceId, moduleId: uniqueId("gone") };
    expect((await history(gone)).json.error.code).toBe(t.moduleId === undefined ? "DeviceNotFound" : "ModuleNotFound");
    expect((await revert(gone, 2)).status).toBe(404);
  });
});

describe("device twin history", () => {
  it("groups a write of tags and desired into one revision and reverts both", async () => {
    const t = { deviceId: (await createDevice()).deviceId };
    await patch(t, { tags: { site: "a" }, properties: { desired: { x: 1 } } });
    await patch(t, { tags: { site: "b" } });
    await patch(t, { properties: { desired: { x: 2 } } });
    const { items } = (await history(t)).json;
    expect(items.map((i: { version: number }) => i.version)).toEqual([4, 3, 2]);
    expect(items[2].sections.map((s: { section: string }) => s.section)).toEqual(["tags", "desired"]);
    expect(items[1].sections).toEqual([{ section: "tags", sectionVersion: 3, patch: { site: "b" }, snapshot: { site: "b" }, previous: { site: "a" } }]);

    const res = await revert(t, 2);
    expect(res.status, res.text).toBe(200);
    expect(res.json.tags).toEqual({ site: "a" });
    expect(plain(res.json.properties.desired)).toEqual({ x: 1 });
  });

  it("a device deleted and created again under the same id starts a new history", async () => {
    const { deviceId } = await createDevice();
    await patch({ deviceId }, { properties: { desired: { old: true } } });
    expect((await callApi("DELETE", `/api/devices/${enc(deviceId)}`)).status).toBe(204);
    await createDevice({ id: deviceId });
    expect((await history({ deviceId })).json.items).toEqual([]);
    expect((await revert({ deviceId }, 2)).status).toBe(404);
  });
});
