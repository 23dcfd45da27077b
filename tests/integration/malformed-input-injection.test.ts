import { beforeAll, describe, expect, it } from "vitest";
import { callApi, countRows, createDevice, enc, getTwin, setupPolicies, sqlRows, suffix, twinPath } from "./support/api";
import { AUTHENTICATED_ENDPOINTS, expectHealthy, expectNothingWritten, headersFor, makeFixture } from "./support/endpoints";

/**
 * Hostile strings in ids, twin documents and query texts: each is either refused (400/404) or
 * stored and matched as plain data; never a 500, never a write outside the request, and the tables
 * are all still there afterwards.
 */
const run = `inj${suffix()}`;
const ID_RULE = /^[A-Za-z0-9\-.%_*?!(),:=@$']{1,128}$/;

beforeAll(async () => {
  await setupPolicies();
  await createDevice({ id: `${run}-plain` });
  const res = await callApi("PATCH", twinPath(`${run}-plain`), { body: { tags: { run } } });
  expect(res.status).toBe(200);
});

const hostile: Array<[string, string]> = [
  ["SQL terminator", "'; DROP TABLE devices; --"],
  ["tautology", "' OR 1=1 --"],
  ["quoted tautology", "' OR '1'='1"],
  ["tautology in allowed characters", "'OR'1'='1'"],
  ["placeholder", "$1"],
  ["placeholder pair", "$1$2"],
  ["already percent-encoded", "%27%20OR%201%3D1"],
  ["comment", "x/*y*/"],
  ["statement list", "Robert');DROP TABLE modules;--"],
  ["Japanese", "デバイス"],
  ["emoji", "dev😀"],
  ["NUL", "a\u0000b"],
  ["newline", "a\nb"],
  ["path traversal", "../../etc/passwd"],
  ["markup", "<script>alert(1)</script>"],
  ["10k characters", "x".repeat(10_000)],
  ["JSON fragment", '{"deviceId":"x"}'],
];

describe.each(hostile)("id: %s", (_name, raw) => {
  const valid = ID_RULE.test(`${raw}-${"0".repeat(8)}`);

  it(valid ? "is stored and read back as plain data" : "is refused on create and unknown elsewhere", async () => {
    // Valid-looking ids get a unique suffix: other files and earlier runs share the database.
    const id = valid ? `${raw}-${suffix()}` : raw;
    const otherId = `${run}-plain`;
    const reads = [`/api/devices/${enc(id)}`, `/api/devices/${enc(id)}/modules`, twinPath(id), twinPath(otherId, id)];
    if (!valid) {
      await expectNothingWritten([id, otherId], async () => {
        const put = await callApi("PUT", `/api/devices/${enc(id)}`, { body: { deviceId: id } });
        expect(put.status, put.text).toBe(400);
        expect(put.json.error.details.path).toBe("deviceId");
        const mod = await callApi("PUT", `/api/devices/${enc(otherId)}/modules/${enc(id)}`, { body: { deviceId: otherId, moduleId: id } });
        expect(mod.status).toBe(400);
        expect(mod.json.error.details.path).toBe("moduleId");
        for (const path of reads) expect([400, 404]).toContain((await callApi("GET", path)).status);
        for (const method of ["PATCH", "PUT"]) {
          const res = await callApi(method, twinPath(id), { body: { tags: { a: 1 } } });
          expect([400, 404]).toContain(res.status);
        }
        expect([400, 404]).toContain((await callApi("DELETE", `/api/devices/${enc(id)}`)).status);
      });
      return;
    }
    const put = await callApi("PUT", `/api/devices/${enc(id)}`, { body: { deviceId: id } });
    expect(put.status, put.text).toBe(200);
    expect(put.json.deviceId).toBe(id);
    expect(await sqlRows("select device_id from devices where device_id = $1", [id])).toEqual([{ device_id: id }]);
    expect((await getTwin(id)).deviceId).toBe(id);
    const mod = await callApi("PUT", `/api/devices/${enc(otherId)}/modules/${enc(id)}`, { body: { deviceId: otherId, moduleId: id } });
    // `$` opens the reserved system-module namespace; everything else is an ordinary module id.
    expect(mod.status, mod.text).toBe(id.startsWith("$") ? 400 : 201);
    if (mod.status === 201) expect((await getTwin(otherId, id)).moduleId).toBe(id);
    const quoted = id.replaceAll("'", "''");
    const found = await callApi("POST", "/api/devices/query", { body: { query: `SELECT deviceId FROM devices WHERE deviceId = '${quoted}'` } });
    expect(found.json).toEqual([{ deviceId: id }]);
    if (mod.status === 201) expect((await callApi("DELETE", `/api/devices/${enc(otherId)}/modules/${enc(id)}`)).status).toBe(204);
    expect((await callApi("DELETE", `/api/devices/${enc(id)}`)).status).toBe(204);
    await expectHealthy();
  });
});

describe("control characters in path ids", () => {
  const rows = AUTHENTICATED_ENDPOINTS.flatMap((e) =>
    (["deviceId", "moduleId"] as const)
      .filter((param) => e.route.includes(`[${param}]`) || (param === "moduleId" && e.name === "create module"))
      .flatMap((param) => ["\u0000", "\u0001", "\u007f"].map((c) => [e.name, param, JSON.stringify(c), c, e] as const)),
  );
  it.each(rows)("%s with %s containing %s is 400 or 404, never 500", async (_name, param, _shown, c, e) => {
    const fixture = await makeFixture();
    const bad = param === "deviceId" ? { ...fixture, deviceId: `a${c}b`, freshId: `f${c}g` } : { ...fixture, moduleId: `m${c}n`, freshId: `f${c}g` };
    await expectNothingWritten([fixture.deviceId], async () => {
      const res = await callApi(e.method, e.path(bad), { body: e.body?.(bad), headers: headersFor(e) });
      expect([400, 404], res.text).toContain(res.status);
    });
  });
});

describe("text PostgreSQL cannot store (U+0000, unpaired surrogates) in bodies", () => {
  const twin = (t: { deviceId: string }) => twinPath(t.deviceId);
  const cases: Array<[string, "PATCH" | "PUT", (t: { deviceId: string; moduleId: string }) => string, (t: { deviceId: string; moduleId: string }) => unknown, string]> = [
    ["NUL in a tag value", "PATCH", twin, () => ({ tags: { a: "x\u0000y" } }), "tags.a"],
    ["NUL in a desired value", "PATCH", twin, () => ({ properties: { desired: { a: { b: "\u0000" } } } }), "properties.desired.a.b"],
    ["NUL in a desired array", "PUT", twin, () => ({ properties: { desired: { a: ["ok", "x\u0000"] } } }), "properties.desired.a[1]"],
    ["NUL in a tag key", "PATCH", twin, () => ({ tags: { "k\u0000": 1 } }), "tags.k\u0000"],
    ["unpaired surrogate in a tag value", "PATCH", twin, () => ({ tags: { a: "x\ud800y" } }), "tags.a"],
    ["unpaired surrogate in a desired key", "PATCH", twin, () => ({ properties: { desired: { "k\udc00": 1 } } }), "properties.desired.k\udc00"],
    ["NUL in statusReason", "PUT", (t) => `/api/devices/${enc(t.deviceId)}`, (t) => ({ deviceId: t.deviceId, statusReason: "a\u0000b" }), "statusReason"],
    ["NUL in modelId", "PUT", (t) => `/api/devices/${enc(t.deviceId)}`, (t) => ({ deviceId: t.deviceId, modelId: "dtmi:\u0000;1" }), "modelId"],
    [
      "NUL in managedBy",
      "PUT",
      (t) => `/api/devices/${enc(t.deviceId)}/modules/${enc(t.moduleId)}`,
      (t) => ({ deviceId: t.deviceId, moduleId: t.moduleId, managedBy: "Iot\u0000Edge" }),
      "managedBy",
    ],
  ];
  it.each(cases)("%s is 400 naming the path, not 500", async (_name, method, path, body, expectedPath) => {
    const fixture = await makeFixture();
    await expectNothingWritten([fixture.deviceId], async () => {
      const res = await callApi(method, path(fixture), { body: body(fixture), headers: { "if-match": "*" } });
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.details.path).toBe(expectedPath);
    });
  });
});

describe("hostile twin content", () => {
  it.each(hostile.filter(([, raw]) => !raw.includes("\u0000") && raw.length < 4000))(
    "stores the %s string as a tag value verbatim and finds it by query",
    async (_name, raw) => {
      const { deviceId } = await createDevice();
      const res = await callApi("PATCH", twinPath(deviceId), { body: { tags: { note: raw, run: `${run}-content` } } });
      expect(res.status, res.text).toBe(200);
      expect((await getTwin(deviceId)).tags.note).toBe(raw);
      const literal = raw.replaceAll("\\", "\\\\").replaceAll("'", "''");
      const found = await callApi("POST", "/api/devices/query", {
        body: { query: `SELECT deviceId, tags.note FROM devices WHERE tags.run = '${run}-content' AND tags.note = '${literal}'` },
      });
      expect(found.status, found.text).toBe(200);
      expect(found.json).toEqual([{ deviceId, note: raw }]);
    },
  );

  it.each([["'; DROP TABLE devices; --"], ["a.b"], ["$where"], ["' OR 1=1 --"]])("refuses %s as a tag key", async (key) => {
    const { deviceId } = await createDevice();
    await expectNothingWritten([deviceId], async () => {
      const res = await callApi("PATCH", twinPath(deviceId), { body: { tags: { [key]: 1 } } });
      expect(res.status).toBe(400);
      expect(res.json.error.details.path).toBe(`tags.${key}`);
    });
  });
});

const W = () => `tags.run = '${run}'`;
type Expect = "empty" | "mine" | "reject" | "either";
const queries: Array<[string, () => string, Expect]> = [
  ["quote-escaped terminator", () => `SELECT deviceId FROM devices WHERE ${W()} AND deviceId = '''; DROP TABLE devices; --'`, "empty"],
  ["backslash-escaped terminator", () => `SELECT deviceId FROM devices WHERE ${W()} AND deviceId = '\\'; DROP TABLE devices; --'`, "empty"],
  ["tautology inside a string", () => `SELECT deviceId FROM devices WHERE ${W()} AND deviceId = "' OR 1=1 --"`, "empty"],
  ["SQL in a quoted name", () => `SELECT deviceId FROM devices WHERE ${W()} AND tags.[['); DROP TABLE devices; --]] = 1`, "empty"],
  ["SQL in a desired path", () => `SELECT deviceId FROM devices WHERE ${W()} AND properties.desired.[[a') OR true OR ('a]] = 1`, "empty"],
  ["SQL in an IN list", () => `SELECT deviceId FROM devices WHERE ${W()} AND tags.x IN ['a''); DROP TABLE devices; --']`, "empty"],
  ["unicode literal", () => `SELECT deviceId FROM devices WHERE ${W()} AND tags.name = 'デバイス😀'`, "empty"],
  ["8000-character literal", () => `SELECT deviceId FROM devices WHERE ${W()} AND deviceId = '${"x".repeat(8000)}'`, "empty"],
  ["the plain filter (control)", () => `SELECT deviceId FROM devices WHERE ${W()}`, "mine"],
  ["a second statement", () => `SELECT * FROM devices; DROP TABLE devices`, "reject"],
  ["UNION", () => `SELECT deviceId FROM devices WHERE ${W()} UNION SELECT primary_key FROM access_policies`, "reject"],
  ["a SQL column", () => `SELECT primary_key FROM devices WHERE ${W()}`, "reject"],
  ["a SQL table", () => `SELECT * FROM access_policies`, "reject"],
  ["NUL in a literal", () => `SELECT deviceId FROM devices WHERE ${W()} AND deviceId = 'a\u0000b'`, "reject"],
  ["10k characters", () => `SELECT deviceId FROM devices WHERE ${W()} AND deviceId = '${"x".repeat(10_000)}'`, "reject"],
  ["a placeholder", () => `SELECT deviceId FROM devices WHERE ${W()} AND deviceId = $1`, "either"],
  ["a SQL comment", () => `SELECT deviceId FROM devices WHERE ${W()} /* AND 1=0 */`, "either"],
  ["a line comment", () => `SELECT deviceId FROM devices WHERE ${W()} -- AND 1=0`, "either"],
  ["a cast", () => `SELECT deviceId FROM devices WHERE ${W()} AND deviceId::text = 'x'`, "either"],
];

describe("hostile query texts", () => {
  it.each(queries)("%s", async (_name, text, expected) => {
    await expectNothingWritten([`${run}-plain`], async () => {
      const res = await callApi("POST", "/api/devices/query", { body: { query: text() } });
      expect(res.status, res.text).not.toBe(500);
      if (expected === "reject" || (expected === "either" && res.status === 400)) {
        expect(res.status, res.text).toBe(400);
        expect(res.json.error.code).toBe("ArgumentInvalid");
        return;
      }
      expect(res.status, res.text).toBe(200);
      const ids = res.json.map((r: { deviceId: string }) => r.deviceId);
      if (expected === "empty") expect(ids).toEqual([]);
      if (expected === "mine") expect(ids).toEqual([`${run}-plain`]);
      for (const id of ids) expect(id).toBe(`${run}-plain`);
    });
  });

  it("leaves every table in place and readable", async () => {
    const counts = await countRows();
    expect(counts.devices).toBeGreaterThan(0);
    const [policies] = await sqlRows<{ n: string }>("select count(*) as n from access_policies");
    expect(Number(policies!.n)).toBeGreaterThanOrEqual(5);
    await expectHealthy();
  });
});
