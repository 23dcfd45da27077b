import { describe, expect, it } from "vitest";
import { compileQuery } from "./index";

const compile = (q: string, pageSize = 100) => compileQuery(q, { pageSize });
const ISO = `to_char((t.last_activity_time) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const X = "(t.tags #> ARRAY[$1::text])";

describe("the ten examples of reference §9", () => {
  it.each<[string, string, unknown[], "twin" | "raw"]>([
    ["SELECT * FROM devices WHERE capabilities.iotEdge = true",
      "SELECT t.* FROM devices t WHERE (t.edge_enabled = $1::boolean) ORDER BY t.device_id LIMIT $2::bigint", [true, 101], "twin"],
    ["SELECT COUNT() AS total FROM devices", 'SELECT to_jsonb(count(*)) AS "c0" FROM devices t LIMIT $1::bigint', [101], "raw"],
    ["SELECT deviceId, lastActivityTime FROM devices WHERE status = 'enabled' AND connectionState = 'Disconnected'",
      `SELECT to_jsonb(t.device_id) AS "c0", to_jsonb(${ISO}) AS "c1", t.device_id AS "k0" FROM devices t ` +
      "WHERE ((t.status = $1::text) AND (t.connection_state = $2::text)) ORDER BY t.device_id LIMIT $3::bigint",
      ["enabled", "Disconnected", 101], "raw"],
    ["SELECT * FROM devices WHERE tags.site.plant = 'p7' AND tags.env IN ['prod','staging']",
      "SELECT t.* FROM devices t WHERE ((t.tags @> $1::text::jsonb) AND ((t.tags @> $2::text::jsonb) OR (t.tags @> $3::text::jsonb))) ORDER BY t.device_id LIMIT $4::bigint",
      ['{"site":{"plant":"p7"}}', '{"env":"prod"}', '{"env":"staging"}', 101], "twin"],
    ["SELECT properties.reported.fw.version AS fw, COUNT() AS n FROM devices GROUP BY properties.reported.fw.version",
      'SELECT (t.reported #> ARRAY[$1::text,$2::text]) AS "c0", to_jsonb(count(*)) AS "c1" FROM devices t ' +
      "GROUP BY (t.reported #> ARRAY[$1::text,$2::text]) ORDER BY (t.reported #> ARRAY[$1::text,$2::text]) LIMIT $3::bigint",
      ["fw", "version", 101], "raw"],
    ["SELECT deviceId FROM devices.modules WHERE moduleId = '$edgeAgent' AND properties.reported.lastDesiredStatus.code != 200",
      'SELECT to_jsonb(t.device_id) AS "c0", t.device_id AS "k0", t.module_id AS "k1" FROM modules t WHERE ((t.module_id = $1::text) AND ' +
      "(jsonb_typeof((t.reported #> ARRAY[$2::text,$3::text])) = 'number' AND (t.reported #> ARRAY[$2::text,$3::text]) <> $4::text::jsonb)) " +
      "ORDER BY t.device_id, t.module_id LIMIT $5::bigint",
      ["$edgeAgent", "lastDesiredStatus", "code", "200", 101], "raw"],
    ["SELECT deviceId FROM devices.modules WHERE moduleId = '$edgeAgent' AND configurations.[[prod-base]].status = 'Applied' AND " +
      "properties.desired.$version = properties.reported.lastDesiredVersion AND properties.reported.lastDesiredStatus.code = 200",
      'SELECT to_jsonb(t.device_id) AS "c0", t.device_id AS "k0", t.module_id AS "k1" FROM modules t WHERE ((t.module_id = $1::text) AND ' +
      "(t.configurations @> $2::text::jsonb) AND (t.desired_version = (CASE WHEN jsonb_typeof((t.reported #> ARRAY[$3::text])) = 'number' " +
      "THEN (t.reported #> ARRAY[$3::text])::numeric END)) AND (t.reported @> $4::text::jsonb)) ORDER BY t.device_id, t.module_id LIMIT $5::bigint",
      ["$edgeAgent", '{"prod-base":{"status":"Applied"}}', "lastDesiredVersion", '{"lastDesiredStatus":{"code":200}}', 101], "raw"],
    ["SELECT * FROM devices WHERE NOT IS_DEFINED(tags.site)",
      `SELECT t.* FROM devices t WHERE ((${X} IS NOT NULL) IS NOT TRUE) ORDER BY t.device_id LIMIT $2::bigint`, ["site", 101], "twin"],
    ["SELECT deviceId FROM devices.modules WHERE moduleId = '$edgeAgent' AND properties.reported.modules.[[local-historian]].runtimeStatus = 'failed'",
      'SELECT to_jsonb(t.device_id) AS "c0", t.device_id AS "k0", t.module_id AS "k1" FROM modules t WHERE ((t.module_id = $1::text) AND ' +
      "(t.reported @> $2::text::jsonb)) ORDER BY t.device_id, t.module_id LIMIT $3::bigint",
      ["$edgeAgent", '{"modules":{"local-historian":{"runtimeStatus":"failed"}}}', 101], "raw"],
    ["SELECT * FROM devices.modules WHERE properties.reported.status = 'scanning' AND deviceId IN ['edge-gw-01','edge-gw-02']",
      "SELECT t.* FROM modules t WHERE ((t.reported @> $1::text::jsonb) AND ((t.device_id = $2::text) OR (t.device_id = $3::text))) " +
      "ORDER BY t.device_id, t.module_id LIMIT $4::bigint",
      ['{"status":"scanning"}', "edge-gw-01", "edge-gw-02", 101], "twin"],
  ])("%s", (query, text, params, itemType) => {
    const c = compile(query);
    expect(c.text).toBe(text);
    expect(c.params).toEqual(params);
    expect(c.itemType).toBe(itemType);
  });
});

const whereOf = (q: string) => {
  const c = compile(`SELECT * FROM devices WHERE ${q}`);
  const m = / WHERE (.*) ORDER BY /.exec(c.text);
  return { where: m ? m[1] : null, params: c.params.slice(0, -1) };
};

describe("WHERE clauses", () => {
  it.each<[string, string | null, unknown[]]>([
    ["tags.x = 1.5", "(t.tags @> $1::text::jsonb)", ['{"x":1.5}']],
    ["tags.x = -0x10", "(t.tags @> $1::text::jsonb)", ['{"x":-16}']],
    ["tags.x = null", `(jsonb_typeof(${X}) = 'null')`, ["x"]],
    ["tags.x != null", "FALSE", []],
    ["tags.x = undefined", "FALSE", []],
    ["tags.x > 5", `(jsonb_typeof(${X}) = 'number' AND ${X} > $2::text::jsonb)`, ["x", "5"]],
    ["tags.x != true", `(jsonb_typeof(${X}) = 'boolean' AND ${X} <> $2::text::jsonb)`, ["x", "true"]],
    ["tags.x >= 'abc'", `(jsonb_typeof(${X}) = 'string' AND ((${X} #>> '{}') COLLATE "C" >= $2::text))`, ["x", "abc"]],
    ["5 < tags.x", `(jsonb_typeof(${X}) = 'number' AND ${X} > $2::text::jsonb)`, ["x", "5"]],
    ["tags.[[0]] = 1", `(${X} = $2::text::jsonb)`, ["0", "1"]],
    ["deviceId < 'm'", '(t.device_id COLLATE "C" < $1::text)', ["m"]],
    ["deviceId = 5", "FALSE", []],
    ["version >= 3", "(t.twin_version >= $1::numeric)", [3]],
    ["lastActivityTime > '2025-01-01'", "(t.last_activity_time > $1::timestamptz)", ["2025-01-01T00:00:00Z"]],
    ["statusUpdateTime <= '2025-01-01T10:11:12.5+02:00'", "(t.status_updated_time <= $1::timestamptz)", ["2025-01-01T10:11:12.5+02:00"]],
    ["lastActivityTime > 'yesterday'", `(${ISO} COLLATE "C" > $1::text)`, ["yesterday"]],
    ["lastActivityTime > '2025-02-30'", `(${ISO} COLLATE "C" > $1::text)`, ["2025-02-30"]],
    ["tags.a = tags.b",
      "(jsonb_typeof((t.tags #> ARRAY[$1::text])) IN ('string','number','boolean','null') AND jsonb_typeof((t.tags #> ARRAY[$1::text])) = " +
      "jsonb_typeof((t.tags #> ARRAY[$2::text])) AND (t.tags #> ARRAY[$1::text]) = (t.tags #> ARRAY[$2::text]))", ["a", "b"]],
    ["properties.desired.$version > properties.reported.$version", "(t.desired_version > t.reported_version)", []],
    ["NOT tags.flag", `((${X} = $2::text::jsonb) IS NOT TRUE)`, ["flag", "true"]],
    ["tags.x NIN ['a']", `((jsonb_typeof(${X}) IN ('string','number','boolean','null')) AND ((t.tags @> $2::text::jsonb) IS NOT TRUE))`, ["x", '{"x":"a"}']],
    ["tags.x IN []", "FALSE", []],
    ["deviceId IN ['a', 1, [2]]", "(t.device_id = $1::text)", ["a"]],
    ["IS_NUMBER(version) AND IS_STRING(lastActivityTime)", "((t.twin_version IS NOT NULL) AND (t.last_activity_time IS NOT NULL))", []],
    ["IS_STRING(version)", "FALSE", []],
    ["IS_OBJECT(tags) AND IS_ARRAY(tags.l)", "((jsonb_typeof(t.tags) = 'object') AND (jsonb_typeof((t.tags #> ARRAY[$1::text])) = 'array'))", ["l"]],
    ["STARTS_WITH(deviceId, 'edge-')", "starts_with(t.device_id, $1::text)", ["edge-"]],
    ["CONTAINS(statusReason, 'x')", "(strpos(t.status_reason, $1::text) > 0)", ["x"]],
    ["ENDS_WITH(tags.x, 'z')",
      `(right((CASE WHEN jsonb_typeof(${X}) = 'string' THEN ${X} #>> '{}' END), length($2::text)) = $2::text)`, ["x", "z"]],
    ["STARTS_WITH(version, '1')", "FALSE", []],
    ["CONTAINS('abc', 'b')", null, []],
    ["1 + 2 = 3 AND NOT ('a' > 'b')", null, []],
    ["tags.x + 1 > 2",
      `(((CASE WHEN jsonb_typeof(${X}) = 'number' THEN ${X}::numeric END) + $2::numeric) > $3::numeric)`, ["x", 1, 2]],
    ["version % 0 = 1", "((t.twin_version % NULLIF($1::numeric, 0)) = $2::numeric)", [0, 1]],
    ["properties.desired.$metadata.$lastUpdated > '2025'",
      "(jsonb_typeof((t.desired_metadata #> ARRAY[$1::text])) = 'string' AND (((t.desired_metadata #> ARRAY[$1::text]) #>> '{}') COLLATE \"C\" > $2::text))",
      ["$lastUpdated", "2025"]],
    ["properties.reported.$version.x = 1 OR capabilities.foo = 1 OR deviceId.x = 1", "FALSE", []],
    ["etag = 'AAAAAAAAAAc='", "(encode(int8send(t.twin_version), 'base64') = $1::text)", ["AAAAAAAAAAc="]],
    ["LOWER(deviceId) = 'abc' AND LENGTH(deviceId) > 3", "((lower(t.device_id) = $1::text) AND (length(t.device_id) > $2::numeric))", ["abc", 3]],
    ["UPPER(5) = 'x'", "FALSE", []],
    ["IS_DEFINED(properties.reported)",
      "((t.reported || jsonb_build_object('$metadata', t.reported_metadata, '$version', t.reported_version)) IS NOT NULL)", []],
    ["tags.a = 1 AND (tags.b = 2 AND tags.c = 3) OR FALSE",
      "((t.tags @> $1::text::jsonb) AND (t.tags @> $2::text::jsonb) AND (t.tags @> $3::text::jsonb))", ['{"a":1}', '{"b":2}', '{"c":3}']],
    ["parentScopes = 'x' OR deviceScope = 'y'", "((t.parent_scopes = $1::text::jsonb) OR (t.device_scope = $2::text))", ['"x"', "y"]],
    ["cloudToDeviceMessageCount > 0 AND authenticationType = 'sas' AND modelId = '' AND deviceEtag != 'e'",
      "((t.c2d_message_count > $1::numeric) AND (t.auth_type = $2::text) AND (t.model_id = $3::text) AND (t.identity_etag <> $4::text))",
      [0, "sas", "", "e"]],
  ])("%s", (q, where, params) => {
    expect(whereOf(q)).toEqual({ where, params });
  });
});
