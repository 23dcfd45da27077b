// The one driver import in lib/domain: this test proves the compiled SQL on a real engine (in-memory PGlite).
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileQuery } from "./index";
import { loadFleet } from "./query.pglite.fixture";

let pg: PGlite;
beforeAll(async () => {
  pg = new PGlite();
  await loadFleet(pg);
}, 60_000);
afterAll(async () => {
  await pg?.close();
});

const mapTwin = (r: Record<string, unknown>) => (r.module_id ? `${r.device_id}/${r.module_id}` : r.device_id);

async function page(query: string, pageSize = 100, continuation?: string | null) {
  const c = compileQuery(query, { pageSize, continuation });
  const res = await pg.query<Record<string, unknown>>(c.text, c.params);
  return c.finish(res.rows, mapTwin);
}

/** Follows continuations to the end; returns every item and the size of each page. */
async function all(query: string, pageSize = 100) {
  const items: unknown[] = [];
  const sizes: number[] = [];
  let continuation: string | null = null;
  do {
    const p = await page(query, pageSize, continuation);
    items.push(...p.items);
    sizes.push(p.items.length);
    continuation = p.continuation;
  } while (continuation !== null && sizes.length < 20);
  return { items, sizes };
}

const ALL = ["d01", "d02", "d03", "d04", "d05", "d06", "d07", "d08", "d09", "d10"];
const except = (...ids: string[]) => ALL.filter((d) => !ids.includes(d));

describe("WHERE semantics against PGlite (SELECT * FROM devices WHERE …)", () => {
  it.each<[string, string[]]>([
    ["capabilities.iotEdge = true", ["d01", "d04"]],
    ["capabilities.iotEdge = 'true'", []],
    ["tags.site.plant = 'p7' AND tags.env IN ['prod','staging']", ["d01", "d02", "d07"]],
    ["NOT IS_DEFINED(tags.site)", ["d03", "d04", "d06", "d08", "d09", "d10"]],
    ["tags.floor = 3", ["d01"]],
    ["tags.floor = '3'", ["d02"]],
    ["tags.floor != 3", ["d03", "d09", "d10"]],
    ["tags.floor <> 3", ["d03", "d09", "d10"]],
    ["NOT (tags.floor = 3)", except("d01")],
    ["tags.floor > 2", ["d01", "d03"]],
    ["tags.floor IN [3, '3']", ["d01", "d02"]],
    ["tags.floor NIN [1, 2]", ["d01", "d02", "d03"]],
    ["tags.env NIN ['prod']", ["d02", "d03", "d06", "d08"]],
    ["tags.env = null", ["d06"]],
    ["IS_NULL(tags.env)", ["d06"]],
    ["IS_DEFINED(tags.env)", ["d01", "d02", "d03", "d05", "d06", "d07", "d08"]],
    ["tags.env != null", []],
    ["tags.env = undefined", []],
    ["STARTS_WITH(properties.reported.fw.version, '1.2')", ["d01", "d02", "d07"]],
    ["startswith(properties.reported.fw.version, '1.3')", ["d03", "d05"]],
    ["ENDS_WITH(deviceId, '0')", ["d10"]],
    ["CONTAINS(tags.env, 'ro')", ["d01", "d05", "d07", "d08"]],
    ["LOWER(tags.env) = 'prod'", ["d01", "d05", "d07", "d08"]],
    ["LENGTH(tags.env) = 3", ["d03"]],
    ["properties.reported.temp >= 21.5 AND properties.reported.temp < 30", ["d01", "d07"]],
    ["properties.reported.temp * 2 > 50", ["d02"]],
    ["properties.reported.temp + 10 = 6", ["d05"]],
    ["-properties.reported.temp = 4", ["d05"]],
    ["properties.reported.temp / 0 > 1 OR properties.reported.temp % 0 = 0", []],
    ["properties.reported.temp = -4", ["d05"]],
    ["properties.reported.temp = 0x0", ["d08"]],
    ["properties.reported.temp > 'a'", ["d06"]],
    ["properties.reported.temp > tags.floor", ["d01"]],
    ["tags.[[group]].name = 'g1'", ["d05"]],
    ["tags.group.name = 'g1'", ["d05"]],
    ["tags.[[a'; DROP TABLE devices; --]] = 1", ["d05"]],
    ["lastActivityTime > '2025-02-15T00:00:00Z'", ["d01"]],
    ["lastActivityTime >= '2025-02-01T08:30:00.250Z'", ["d01", "d02"]],
    ["lastActivityTime < '2025-03-01'", ["d02"]],
    ["lastActivityTime = '2025-03-01T11:00:00+01:00'", ["d01"]],
    ["IS_OBJECT(tags.site)", ["d01", "d02", "d05", "d07"]],
    ["IS_ARRAY(tags.list)", ["d06"]],
    ["IS_STRING(properties.reported.temp)", ["d06"]],
    ["IS_NUMBER(properties.reported.temp)", ["d01", "d02", "d05", "d07", "d08"]],
    ["IS_BOOL(tags.flag)", ["d07"]],
    ["IS_PRIMITIVE(tags.site)", []],
    ["tags.list = 'x'", []],
    ["tags.flag", ["d07"]],
    ["NOT tags.flag", except("d07")],
    ["status != 'enabled'", ["d03"]],
    ["tags.env = 'prod' OR tags.env = 'staging' AND tags.floor = 3", ["d01", "d05", "d07"]],
    ["(tags.env = 'prod' OR tags.env = 'staging') AND tags.floor = 3", ["d01"]],
    ["tags.env = 'prod' AND NOT (properties.reported.temp > 0)", ["d05"]],
    ["version > 5", ["d01"]],
    ["deviceId NIN ['d01', 'd02']", except("d01", "d02")],
    ["DeviceId = 'd03'", ["d03"]],
    ["deviceId > 'd08'", ["d09", "d10"]],
    ["properties.reported.$metadata.temp.$lastUpdated > '2025-01-01'", ["d01"]],
    ["properties.desired.$version = 1 AND properties.desired.interval = 10", ALL],
    ["tags.site.plant < 'p8'", ["d01", "d02", "d07"]],
    ["tags.site > 'a'", []],
    ["1 = 1", ALL],
    ["tags.env = '\\ud83d\\ude00' OR tags.[[\u{1F600}]] = 1 OR tags.env > '\u00e9'", []],
    ["'a' = 1", []],
    ["connectionState = 'Connected' AND lastActivityTime > '2025-01-01'", ["d01"]],
  ])("%s", async (where, expected) => {
    const { items } = await all(`SELECT * FROM devices WHERE ${where}`);
    expect(items).toEqual(expected);
  });

  it("left the devices table intact after the injection attempts", async () => {
    expect((await pg.query("SELECT count(*)::int AS n FROM devices")).rows).toEqual([{ n: 10 }]);
  });
});

describe("module twins, projections and aggregates against PGlite", () => {
  it.each<[string, unknown[]]>([
    ["SELECT deviceId FROM devices.modules WHERE moduleId = '$edgeAgent' AND properties.reported.lastDesiredStatus.code != 200", [{ deviceId: "d05" }]],
    [
      "SELECT deviceId FROM devices.modules WHERE moduleId = '$edgeAgent' AND configurations.[[prod-base]].status = 'Applied' " +
        "AND properties.desired.$version = properties.reported.lastDesiredVersion AND properties.reported.lastDesiredStatus.code = 200",
      [{ deviceId: "d01" }],
    ],
    ["SELECT deviceId FROM devices.modules WHERE moduleId = '$edgeAgent' AND properties.reported.modules.[[local-historian]].runtimeStatus = 'failed'", [{ deviceId: "d01" }]],
    ["SELECT * FROM devices.modules WHERE properties.reported.status = 'scanning' AND deviceId IN ['d01','d04']", ["d01/scanner"]],
    ["SELECT deviceId, moduleId AS m FROM devices.modules WHERE STARTS_WITH(moduleId, '$edge') AND deviceId != 'd05'", [
      { deviceId: "d01", m: "$edgeAgent" }, { deviceId: "d01", m: "$edgeHub" }, { deviceId: "d04", m: "$edgeAgent" },
    ]],
    ["SELECT deviceId, lastActivityTime FROM devices WHERE status = 'enabled' AND connectionState = 'Disconnected'", [
      { deviceId: "d02", lastActivityTime: "2025-02-01T08:30:00.250Z" },
      ...["d05", "d06", "d07", "d08", "d09", "d10"].map((deviceId) => ({ deviceId })),
    ]],
    ["SELECT deviceId, tags.site.plant AS plant, properties.desired FROM devices WHERE deviceId IN ['d01','d04']", [
      { deviceId: "d01", plant: "p7", desired: { interval: 10, $metadata: {}, $version: 1 } },
      { deviceId: "d04", desired: { interval: 10, $metadata: {}, $version: 1 } },
    ]],
    ["SELECT etag, version, capabilities FROM devices WHERE deviceId = 'd01'", [{ etag: "AAAAAAAAAAc=", version: 7, capabilities: { iotEdge: true } }]],
    ["SELECT COUNT() AS total FROM devices", [{ total: 10 }]],
    ["SELECT COUNT() FROM devices WHERE tags.env = 'prod'", [{ count: 3 }]],
    ["SELECT properties.reported.fw.version AS fw, COUNT() AS n FROM devices GROUP BY properties.reported.fw.version", [
      { fw: "1.2.0", n: 3 }, { fw: "1.3.0", n: 2 }, { n: 5 },
    ]],
    [
      "SELECT AVG(properties.reported.temp) AS avg, SUM(properties.reported.temp) AS sum, MIN(properties.reported.temp) AS lo, " +
        "MAX(properties.reported.temp) AS hi, COUNT() AS n FROM devices WHERE IS_NUMBER(properties.reported.temp)",
      [{ avg: 14.5, sum: 72.5, lo: -4, hi: 30, n: 5 }],
    ],
    ["SELECT MIN(properties.reported.fw.version) AS lo, MAX(properties.reported.fw.version) AS hi FROM devices", [{ lo: "1.2.0", hi: "1.3.0" }]],
    ["SELECT COUNT() AS n FROM devices.modules GROUP BY moduleId", [
      { moduleId: "$edgeAgent", n: 3 }, { moduleId: "$edgeHub", n: 1 }, { moduleId: "scanner", n: 2 },
    ]],
  ])("%s", async (query, expected) => {
    const { items } = await all(query);
    expect(items).toEqual(expected);
  });
});

describe("paging against PGlite", () => {
  it.each<[string, number, number[], unknown[]]>([
    ["SELECT * FROM devices", 4, [4, 4, 2], ALL],
    ["SELECT * FROM devices", 5, [5, 5], ALL],
    ["SELECT TOP 5 deviceId FROM devices", 2, [2, 2, 1], ALL.slice(0, 5).map((deviceId) => ({ deviceId }))],
    ["SELECT TOP 3 * FROM devices WHERE tags.env = 'prod'", 10, [3], ["d01", "d05", "d07"]],
    ["SELECT TOP 0 * FROM devices", 10, [0], []],
    ["SELECT * FROM devices.modules", 2, [2, 2, 2], ["d01/$edgeAgent", "d01/$edgeHub", "d01/scanner", "d04/$edgeAgent", "d04/scanner", "d05/$edgeAgent"]],
    ["SELECT TOP 4 deviceId, moduleId FROM devices.modules WHERE deviceId != 'd05'", 3, [3, 1], [
      { deviceId: "d01", moduleId: "$edgeAgent" }, { deviceId: "d01", moduleId: "$edgeHub" },
      { deviceId: "d01", moduleId: "scanner" }, { deviceId: "d04", moduleId: "$edgeAgent" },
    ]],
  ])("%s (page size %i)", async (query, pageSize, sizes, expected) => {
    const r = await all(query, pageSize);
    expect(r.sizes).toEqual(sizes);
    expect(r.items).toEqual(expected);
  });

  it("pages GROUP BY results with an offset in the token", async () => {
    const r = await all("SELECT tags.env AS env, COUNT() AS n FROM devices GROUP BY tags.env", 2);
    expect(r.sizes).toEqual([2, 2, 2]);
    const counts = r.items as { env?: string; n: number }[];
    expect(counts.reduce((s, g) => s + g.n, 0)).toBe(10);
    expect(counts.filter((g) => g.env !== undefined).map((g) => `${g.env}:${g.n}`).sort()).toEqual(["Prod:1", "dev:1", "prod:3", "staging:1"]);
  });

  it.each([
    ["a token for another query", async () => (await page("SELECT * FROM devices WHERE version > 0", 2)).continuation!],
    ["an edited token", async () => (await page("SELECT * FROM devices", 2)).continuation!.slice(0, -2) + "AA"],
    ["garbage", async () => "not a token!"],
  ])("rejects %s with ArgumentInvalid on x-ms-continuation", async (_label, makeToken) => {
    const token = await makeToken();
    expect(() => compileQuery("SELECT * FROM devices", { pageSize: 2, continuation: token })).toThrow(
      expect.objectContaining({ code: "ArgumentInvalid", details: { path: "x-ms-continuation" } }),
    );
  });
});
