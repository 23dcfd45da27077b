import { beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  createDevice,
  createEdgeDevice,
  createModule,
  getTwin,
  type Loose,
  setupPolicies,
  suffix,
  twinPath,
} from "./support/api";

/**
 * Seven devices tagged with this file's unique run id (other files write to the same database in
 * parallel, so every query filters on it): sites a/a/a/a/b/b/b, desired n = 0..6, devices 0-2 are
 * edge devices with one custom module each.
 */
const run = `q${suffix()}`;
const WHERE = `tags.run = '${run}'`;
const ids: string[] = [];
const moduleIds = new Map<string, string>();

beforeAll(async () => {
  await setupPolicies();
  for (let i = 0; i < 7; i++) {
    const id = `${run}-d${i}`;
    await (i < 3 ? createEdgeDevice({ id }) : createDevice({ id }));
    ids.push(id);
    const res = await callApi("PATCH", twinPath(id), {
      body: { tags: { run, site: i < 4 ? "a" : "b", idx: i }, properties: { desired: { n: i, cfg: { on: i % 2 === 0 } } } },
    });
    expect(res.status).toBe(200);
    if (i < 3) {
      const { moduleId } = await createModule(id, `mod-${i}`);
      moduleIds.set(id, moduleId);
      await callApi("PATCH", twinPath(id, moduleId), { body: { tags: { run }, properties: { desired: { m: i } } } });
    }
  }
});

const query = (text: string, headers: Record<string, string> = {}, policy?: string) =>
  callApi("POST", "/api/devices/query", { body: { query: text }, headers, policy });

/** Follows x-ms-continuation to the end; returns every page. */
async function allPages(text: string, pageSize: number) {
  const pages: Array<{ items: Loose[]; continuation: string | null; itemType: string | null }> = [];
  let continuation: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const headers: Record<string, string> = { "x-ms-max-item-count": String(pageSize) };
    if (continuation) headers["x-ms-continuation"] = continuation;
    const res = await query(text, headers);
    expect(res.status, res.text).toBe(200);
    continuation = res.headers.get("x-ms-continuation");
    expect(continuation).not.toBe("");
    pages.push({ items: res.json, continuation, itemType: res.headers.get("x-ms-item-type") });
    if (continuation === null) return pages;
  }
  throw new Error("paging did not end");
}

describe("POST /devices/query", () => {
  it("SELECT * returns full twins (item type twin), identical to GET twin", async () => {
    const res = await query(`SELECT * FROM devices WHERE ${WHERE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ms-item-type")).toBe("twin");
    expect(res.headers.get("x-ms-continuation")).toBeNull();
    expect(res.json.map((t: { deviceId: string }) => t.deviceId)).toEqual(ids);
    for (const twin of res.json) expect(twin).toEqual(await getTwin(twin.deviceId));
  });

  it.each([
    [`SELECT deviceId, tags.site AS site, properties.desired.n FROM devices WHERE ${WHERE} AND tags.idx < 2`,
      [{ deviceId: `${run}-d0`, site: "a", n: 0 }, { deviceId: `${run}-d1`, site: "a", n: 1 }]],
    [`SELECT deviceId FROM devices WHERE ${WHERE} AND properties.desired.n >= 5`, [{ deviceId: `${run}-d5` }, { deviceId: `${run}-d6` }]],
    [`SELECT deviceId FROM devices WHERE ${WHERE} AND capabilities.iotEdge = true AND properties.desired.cfg.on = false`,
      [{ deviceId: `${run}-d1` }]],
    [`SELECT deviceId FROM devices WHERE ${WHERE} AND tags.idx IN [3, 6] AND NOT (tags.site = 'a')`, [{ deviceId: `${run}-d6` }]],
    [`SELECT deviceId, tags.missing FROM devices WHERE ${WHERE} AND NOT IS_DEFINED(tags.missing) AND tags.idx = 0`,
      [{ deviceId: `${run}-d0` }]],
    [`SELECT COUNT() AS total FROM devices WHERE ${WHERE}`, [{ total: 7 }]],
    [`SELECT tags.site AS site, COUNT() AS n FROM devices WHERE ${WHERE} GROUP BY tags.site`, [{ site: "a", n: 4 }, { site: "b", n: 3 }]],
    [`SELECT COUNT() AS n, SUM(properties.desired.n) AS s, MAX(tags.idx) AS hi FROM devices WHERE ${WHERE} AND tags.site = 'b'`,
      [{ n: 3, s: 15, hi: 6 }]],
  ])("projection/aggregate (item type raw): %s", async (text, expected) => {
    const res = await query(text);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("x-ms-item-type")).toBe("raw");
    expect(res.json).toEqual(expected);
  });

  it("queries devices.modules: module twins with moduleId", async () => {
    const edgeIds = ids.slice(0, 3);
    const list = `[${edgeIds.map((id) => `'${id}'`).join(", ")}]`;
    const all = await query(`SELECT * FROM devices.modules WHERE deviceId IN ${list}`);
    expect(all.status).toBe(200);
    expect(all.headers.get("x-ms-item-type")).toBe("twin");
    expect(all.json.map((t: { deviceId: string; moduleId: string }) => `${t.deviceId}/${t.moduleId}`)).toEqual(
      edgeIds.flatMap((id) => [`${id}/$edgeAgent`, `${id}/$edgeHub`, `${id}/${moduleIds.get(id)}`]),
    );
    expect(all.json[2]).toEqual(await getTwin(edgeIds[0]!, moduleIds.get(edgeIds[0]!)));
    const agents = await query(`SELECT deviceId, moduleId FROM devices.modules WHERE moduleId = '$edgeAgent' AND deviceId IN ${list}`);
    expect(agents.json).toEqual(edgeIds.map((deviceId) => ({ deviceId, moduleId: "$edgeAgent" })));
    const tagged = await query(`SELECT moduleId, properties.desired.m FROM devices.modules WHERE ${WHERE} AND properties.desired.m > 0`);
    expect(tagged.json).toEqual([{ moduleId: "mod-1", m: 1 }, { moduleId: "mod-2", m: 2 }]);
  });

  it.each([
    ["SELECT *", `SELECT * FROM devices WHERE ${WHERE}`, 2, (i: Loose) => i.deviceId, () => ids],
    ["projection", `SELECT deviceId FROM devices WHERE ${WHERE}`, 3, (i: Loose) => i.deviceId, () => ids],
    ["TOP 5", `SELECT TOP 5 deviceId FROM devices WHERE ${WHERE}`, 2, (i: Loose) => i.deviceId, () => ids.slice(0, 5)],
    ["GROUP BY", `SELECT tags.idx AS idx, COUNT() AS n FROM devices WHERE ${WHERE} GROUP BY tags.idx`, 3, (i: Loose) => i.idx, () => [0, 1, 2, 3, 4, 5, 6]],
    ["modules", `SELECT * FROM devices.modules WHERE ${WHERE}`, 1, (i: Loose) => i.moduleId, () => ["mod-0", "mod-1", "mod-2"]],
  ])("pages %s with x-ms-max-item-count: every item once, no header on the last page", async (_n, text, size, key, expectedOf) => {
    const expected = expectedOf();
    const pages = await allPages(text, size);
    const seen = pages.flatMap((p) => p.items.map(key));
    expect(seen).toEqual(expected);
    expect(pages).toHaveLength(Math.ceil(expected.length / size));
    for (const page of pages.slice(0, -1)) {
      expect(page.items).toHaveLength(size);
      expect(page.continuation).toEqual(expect.any(String));
    }
    expect(pages.at(-1)!.continuation).toBeNull();
  });

  it("rejects a continuation token issued for another query, and a forged one", async () => {
    const first = await query(`SELECT deviceId FROM devices WHERE ${WHERE}`, { "x-ms-max-item-count": "2" });
    const token = first.headers.get("x-ms-continuation")!;
    expect(token).toBeTruthy();
    for (const [text, t] of [
      [`SELECT deviceId FROM devices WHERE ${WHERE} AND tags.idx > 0`, token],
      [`SELECT deviceId FROM devices WHERE ${WHERE}`, "not-a-token"],
      [`SELECT deviceId FROM devices WHERE ${WHERE}`, Buffer.from('{"v":1}').toString("base64url")],
    ]) {
      const res = await query(text!, { "x-ms-continuation": t! });
      expect(res.status).toBe(400);
      expect(res.json.error.details.path).toBe("x-ms-continuation");
    }
  });

  it("serves a page size above the cap in full pages, ending without a continuation", async () => {
    const pages = await allPages(`SELECT deviceId FROM devices WHERE ${WHERE}`, 5000);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.items.map((i) => i.deviceId)).toEqual(ids);
  });

  it.each(["0", "-3", "abc", "1.5"])("rejects x-ms-max-item-count %s", async (value) => {
    const res = await query(`SELECT * FROM devices WHERE ${WHERE}`, { "x-ms-max-item-count": value });
    expect(res.status).toBe(400);
    expect(res.json.error.details.path).toBe("x-ms-max-item-count");
  });

  it.each([
    ["SELECT * FROM nowhere", 14],
    ["SELECT * FROM devices WHERE", 27],
    ["SELECT * FROM devices WHERE tags.a = = 1", 37],
    ["SELECT deviceId, FROM devices", 17],
    ["SELECT * FROM devices WHERE bogus.x = 1", 28],
    ["SELECT * FROM devices GROUP BY tags.a", 31],
    ["SELECT * FROM devices WHERE tags.a = 'unterminated", 37],
    ["SELEC * FROM devices", 0],
  ])("a syntax error is 400 with details.position: %s", async (text, position) => {
    const res = await query(text);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("ArgumentInvalid");
    expect(res.json.error.details.position).toBe(position);
  });
});
