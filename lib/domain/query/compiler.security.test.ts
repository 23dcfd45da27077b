import { describe, expect, it } from "vitest";
import { encodeContinuation, hashQuery } from "./continuation";
import { compileQuery, type CompiledQuery } from "./index";

/** Every quoted literal the compiler itself may write; anything else would be user text. */
const OWN_LITERALS = new Set([
  "'{}'", "'string'", "'number'", "'boolean'", "'null'", "'object'", "'array'", "'UTC'",
  `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`, "'base64'", "'iotEdge'", "'desired'", "'reported'", "'$metadata'", "'$version'",
]);

function assertSafe(c: CompiledQuery, fragments: string[]) {
  const literals = c.text.match(/'(?:[^']|'')*'/g) ?? [];
  for (const lit of literals) expect(OWN_LITERALS, `literal ${lit}`).toContain(lit);
  const outside = c.text.replace(/'(?:[^']|'')*'/g, "''");
  for (const ident of outside.match(/"[^"]*"/g) ?? []) expect(ident).toMatch(/^"(c\d+|k\d|C)"$/);
  expect(outside).not.toMatch(/;|--|\/\*/);
  const placeholders = new Set((c.text.match(/\$\d+/g) ?? []).map((m) => Number(m.slice(1))));
  expect([...placeholders].sort((a, b) => a - b)).toEqual(c.params.map((_, i) => i + 1));
  const carried = c.params.map((p) => String(p)).join("\n");
  for (const f of fragments) {
    expect(c.text).not.toContain(f);
    const inJson = c.params.some((p) => typeof p === "string" && p.startsWith("{") && JSON.stringify(JSON.parse(p)).includes(JSON.stringify(f).slice(1, -1)));
    expect(carried.includes(f) || inJson, `params carry ${f}`).toBe(true);
  }
}

describe("user text never reaches the SQL text", () => {
  it.each<[string, string[]]>([
    ["SELECT * FROM devices WHERE tags.x = '1'' OR 1=1 --'", ["1' OR 1=1 --"]],
    ["SELECT * FROM devices WHERE tags.[[a'; DROP TABLE devices; --]] = 1", ["a'; DROP TABLE devices; --"]],
    ["SELECT * FROM devices WHERE deviceId = 'x\\'; DELETE FROM devices; --'", ["x'; DELETE FROM devices; --"]],
    ['SELECT * FROM devices WHERE deviceId = "a\\" OR \\"1\\"=\\"1"', ['a" OR "1"="1']],
    ['SELECT * FROM devices WHERE deviceId = "a"" OR ""1""=""1"', ['a" OR "1"="1']],
    ["SELECT * FROM devices WHERE tags.x = 'a\\\\'' OR 1=1 --'", ["a\\' OR 1=1 --"]],
    ['SELECT * FROM devices WHERE tags.[[x"y]] > \'z\'', ['x"y']],
    ["SELECT * FROM devices WHERE tags.x = '\\u0027; DROP TABLE devices; --'", ["'; DROP TABLE devices; --"]],
    ["SELECT * FROM devices WHERE tags.[[a/*]] = '*/ OR TRUE'", ["a/*", "*/ OR TRUE"]],
    ["SELECT * FROM devices WHERE properties.reported.[[$$ LANGUAGE plpgsql]] = 'x$$'", ["$$ LANGUAGE plpgsql", "x$$"]],
    ["SELECT * FROM devices WHERE properties.desired.[[x]].[[') OR (TRUE]] != 1", ["') OR (TRUE"]],
    ["SELECT * FROM devices WHERE properties.reported.$metadata.[[x'y]].$lastUpdated > '2020'", ["x'y"]],
    ["SELECT * FROM devices WHERE STARTS_WITH(deviceId, '%'' OR ''a''=''a')", ["%' OR 'a'='a"]],
    ["SELECT * FROM devices WHERE ENDS_WITH(tags.[[k;]], 'v--')", ["k;", "v--"]],
    ["SELECT * FROM devices WHERE tags.x IN ['a''; --', 'b/*', '*/'] OR tags.y NIN ['\"; --']", ["a'; --", "b/*", '"; --']],
    ["SELECT * FROM devices WHERE lastActivityTime > '2025-01-01''; DROP TABLE devices; --'", ["2025-01-01'; DROP TABLE devices; --"]],
    ["SELECT * FROM devices WHERE LOWER(tags.[[a' || pg_sleep(10) || ']]) = 'x'", ["a' || pg_sleep(10) || '"]],
    ["SELECT * FROM devices WHERE tags.x = properties.reported.[[\"; SELECT 1; --]]", ['"; SELECT 1; --']],
    ["SELECT tags.[[evil\") AS x; DROP TABLE devices; --]] FROM devices", ['evil") AS x; DROP TABLE devices; --']],
    ["SELECT deviceId AS [[a\"; DROP TABLE x; --]] FROM devices WHERE tags.q = 'it''s'", ["it's"]],
    ["SELECT COUNT() AS 'n\" FROM devices; --' FROM devices GROUP BY tags.[[g'); DROP TABLE devices; --]]", ["g'); DROP TABLE devices; --"]],
    ["SELECT SUM(tags.[[s'--]]) AS total FROM devices.modules WHERE moduleId = '$edgeAgent'' --'", ["s'--", "$edgeAgent' --"]],
    ["SELECT * FROM devices.modules WHERE configurations.[[prod'base]].status = 'App\"lied'", ["prod'base", 'App"lied']],
    ["SELECT * FROM devices WHERE tags.[[0]] = 'zero'' OR TRUE --'", ["zero' OR TRUE --"]],
  ])("%s", (query, fragments) => {
    const c = compileQuery(query, { pageSize: 10 });
    assertSafe(c, fragments);
  });

  it.each([
    ["a' OR 1=1 --", "b' --"],
    ["x'); DROP TABLE modules; --", '"; --'],
  ])("binds a continuation key %j as parameters", (deviceId, moduleId) => {
    const query = "SELECT * FROM devices.modules";
    const token = encodeContinuation(hashQuery(query), { key: [deviceId, moduleId] });
    const c = compileQuery(query, { pageSize: 10, continuation: token });
    assertSafe(c, [deviceId, moduleId]);
    expect(c.text).toContain("(t.device_id, t.module_id) > ($1::text, $2::text)");
  });

  it("keeps aliases out of SQL: output names are applied by finish()", () => {
    const c = compileQuery("SELECT deviceId AS [[x\" FROM devices; --]] FROM devices", { pageSize: 10 });
    expect(c.text).toBe('SELECT to_jsonb(t.device_id) AS "c0", t.device_id AS "k0" FROM devices t ORDER BY t.device_id LIMIT $1::bigint');
    expect(c.finish([{ c0: "d1", k0: "d1" }], () => null).items).toEqual([{ 'x" FROM devices; --': "d1" }]);
  });

  it.each([
    ["SELECT * FROM devices WHERE deviceId = 'x'; DROP TABLE devices", 42, "';'"],
    ["SELECT * FROM devices -- comment", 22, "'-'"],
    ["SELECT * FROM devices WHERE tags.x = 1 /* c */", 40, "'*'"],
    ["SELECT * FROM devices WHERE tags.x = 'a\\u0000b'", 39, "NUL"],
    ["SELECT * FROM devices WHERE tags.[[a\u0000]] = 1", 33, "NUL"],
    ["SELECT * FROM devices WHERE tags.x = '\\ud800'", 37, "Unpaired surrogate"],
    ["SELECT * FROM devices WHERE tags.[[\udc00]] = 1", 33, "unpaired surrogate"],
  ])("rejects %j before any SQL is built", (query, position, word) => {
    expect(() => compileQuery(query, { pageSize: 10 })).toThrow(expect.objectContaining({ code: "ArgumentInvalid", details: expect.objectContaining({ position }) }));
    expect(() => compileQuery(query, { pageSize: 10 })).toThrow(word);
  });
});
