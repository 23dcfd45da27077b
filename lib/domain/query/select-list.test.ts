import { describe, expect, it } from "vitest";
import { compileQuery } from "./index";

const selectOf = (q: string) => {
  const c = compileQuery(q, { pageSize: 10 });
  return /^SELECT (.*) FROM (devices|modules) t/.exec(c.text)![1];
};
const ISO = (col: string) => `to_char((${col}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const NUM_T = "(CASE WHEN jsonb_typeof((t.reported #> ARRAY[$1::text])) = 'number' THEN (t.reported #> ARRAY[$1::text])::numeric END)";
const TXT_T = "(CASE WHEN jsonb_typeof((t.reported #> ARRAY[$1::text])) = 'string' THEN (t.reported #> ARRAY[$1::text]) #>> '{}' END)";

describe("projected columns (jsonb, generated aliases)", () => {
  it.each<[string, string]>([
    ["SELECT deviceId, moduleId FROM devices.modules", 'to_jsonb(t.device_id) AS "c0", to_jsonb(t.module_id) AS "c1", t.device_id AS "k0", t.module_id AS "k1"'],
    ["SELECT statusUpdateTime FROM devices", `to_jsonb(${ISO("t.status_updated_time")}) AS "c0", t.device_id AS "k0"`],
    ["SELECT tags, configurations FROM devices", 't.tags AS "c0", t.configurations AS "c1", t.device_id AS "k0"'],
    ["SELECT properties.desired.$version AS v FROM devices", 'to_jsonb(t.desired_version) AS "c0", t.device_id AS "k0"'],
    ["SELECT capabilities.iotEdge FROM devices", 'to_jsonb(t.edge_enabled) AS "c0", t.device_id AS "k0"'],
    ["SELECT AVG(properties.reported.t) FROM devices", `to_jsonb(avg(${NUM_T})) AS "c0"`],
    ["SELECT SUM(properties.reported.t) AS s FROM devices", `to_jsonb(sum(${NUM_T})) AS "c0"`],
    ["SELECT MIN(properties.reported.t) FROM devices", `COALESCE(to_jsonb(min(${NUM_T})), to_jsonb(min(${TXT_T} COLLATE "C"))) AS "c0"`],
    ["SELECT MAX(properties.reported.t) FROM devices", `COALESCE(to_jsonb(max(${TXT_T} COLLATE "C")), to_jsonb(max(${NUM_T}))) AS "c0"`],
    ["SELECT MIN(deviceId) FROM devices", 'to_jsonb(min(t.device_id COLLATE "C")) AS "c0"'],
    ["SELECT MAX(lastActivityTime) FROM devices", `to_jsonb(max(${ISO("t.last_activity_time")} COLLATE "C")) AS "c0"`],
    ["SELECT SUM(deviceId) FROM devices", 'NULL::jsonb AS "c0"'],
    ["SELECT COUNT() AS n FROM devices GROUP BY tags.env", 'to_jsonb(count(*)) AS "c0", (t.tags #> ARRAY[$1::text]) AS "c1"'],
    ["SELECT Tags.env, COUNT() FROM devices GROUP BY tags.env", '(t.tags #> ARRAY[$1::text]) AS "c0", to_jsonb(count(*)) AS "c1"'],
  ])("%s", (query, select) => {
    expect(selectOf(query)).toBe(select);
  });
});

describe("finish() names the keys like IoT Hub and drops undefined values", () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["SELECT deviceId, properties.reported.fw.version FROM devices", { c0: "d1", c1: "1.0", k0: "d1" }, { deviceId: "d1", version: "1.0" }],
    ["SELECT DEVICEID, LastActivityTime FROM devices", { c0: "d1", c1: null, k0: "d1" }, { deviceId: "d1" }],
    ["SELECT deviceId AS id, tags.[[my key]] FROM devices", { c0: "d1", c1: { a: 1 }, k0: "d1" }, { id: "d1", "my key": { a: 1 } }],
    ["SELECT properties.desired.$version FROM devices", { c0: 3, k0: "d1" }, { $version: 3 }],
    ["SELECT properties.reported FROM devices", { c0: { x: false }, k0: "d1" }, { reported: { x: false } }],
    ["SELECT COUNT() FROM devices", { c0: 0 }, { count: 0 }],
    ["SELECT AVG(tags.n), SUM(tags.n), MIN(tags.n), MAX(tags.n) FROM devices", { c0: 1.5, c1: 3, c2: 1, c3: 2 }, { avg: 1.5, sum: 3, min: 1, max: 2 }],
    ["SELECT COUNT() AS n FROM devices GROUP BY tags.site.plant", { c0: 4, c1: "p7" }, { n: 4, plant: "p7" }],
    ["SELECT tags.env AS e, COUNT() AS n FROM devices GROUP BY tags.env", { c0: undefined, c1: 2 }, { n: 2 }],
  ])("%s", (query, row, item) => {
    const c = compileQuery(query, { pageSize: 10 });
    expect(c.itemType).toBe("raw");
    expect(c.finish([row], () => null).items).toEqual([item]);
  });
});
