import { describe, expect, it } from "vitest";
import { decodeContinuation, encodeContinuation, hashQuery, type ContinuationShape } from "./continuation";
import { compileQuery } from "./index";

const H = hashQuery("SELECT * FROM devices");
const raw = (body: unknown) => btoa(JSON.stringify(body)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const KEYSET: ContinuationShape = { mode: "keyset", keyLength: 1, top: null };

describe("continuation tokens", () => {
  it.each<[string, ContinuationShape, { key?: string[]; offset?: number; remaining?: number }]>([
    ["device key", KEYSET, { key: ["dev-1"] }],
    ["module key with unicode", { mode: "keyset", keyLength: 2, top: null }, { key: ["gerät-ü", "$edgeAgent"] }],
    ["TOP remainder", { mode: "keyset", keyLength: 1, top: 10 }, { key: ["a"], remaining: 4 }],
    ["group offset", { mode: "offset", keyLength: 1, top: null }, { offset: 200 }],
  ])("round-trips a %s", (_label, shape, state) => {
    const token = encodeContinuation(H, state);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinuation(token, H, shape)).toEqual(state);
  });

  it.each<[string, string, ContinuationShape]>([
    ["characters outside base64url", "abc+/=", KEYSET],
    ["over-long tokens", "A".repeat(5000), KEYSET],
    ["non-JSON payloads", raw("x").slice(1), KEYSET],
    ["invalid UTF-8", btoa("\u00ff\u00fe").replace(/=+$/, ""), KEYSET],
    ["a JSON array", raw([1]), KEYSET],
    ["another version", raw({ v: 2, h: H, k: ["a"] }), KEYSET],
    ["extra fields", raw({ v: 1, h: H, k: ["a"], sql: "DROP" }), KEYSET],
    ["another query's hash", raw({ v: 1, h: "00000000", k: ["a"] }), KEYSET],
    ["a key of the wrong length", raw({ v: 1, h: H, k: ["a", "b"] }), KEYSET],
    ["a non-string key", raw({ v: 1, h: H, k: [1] }), KEYSET],
    ["an empty key", raw({ v: 1, h: H, k: [""] }), KEYSET],
    ["a key with NUL", raw({ v: 1, h: H, k: ["a\u0000"] }), KEYSET],
    ["a key with an unpaired surrogate", raw({ v: 1, h: H, k: ["a\ud800"] }), KEYSET],
    ["an offset on a keyset query", raw({ v: 1, h: H, k: ["a"], o: 3 }), KEYSET],
    ["a key on an aggregate query", raw({ v: 1, h: H, k: ["a"] }), { mode: "offset", keyLength: 1, top: null }],
    ["a negative offset", raw({ v: 1, h: H, o: -1 }), { mode: "offset", keyLength: 1, top: null }],
    ["a fractional offset", raw({ v: 1, h: H, o: 1.5 }), { mode: "offset", keyLength: 1, top: null }],
    ["a remainder without TOP", raw({ v: 1, h: H, k: ["a"], r: 3 }), KEYSET],
    ["a missing remainder with TOP", raw({ v: 1, h: H, k: ["a"] }), { mode: "keyset", keyLength: 1, top: 5 }],
    ["a remainder above TOP", raw({ v: 1, h: H, k: ["a"], r: 6 }), { mode: "keyset", keyLength: 1, top: 5 }],
    ["a zero remainder", raw({ v: 1, h: H, k: ["a"], r: 0 }), { mode: "keyset", keyLength: 1, top: 5 }],
  ])("rejects %s", (_label, token, shape) => {
    expect(() => decodeContinuation(token, H, shape)).toThrow(
      expect.objectContaining({ code: "ArgumentInvalid", details: { path: "x-ms-continuation" } }),
    );
  });
});

describe("paging in compileQuery/finish", () => {
  const twin = (r: Record<string, unknown>) => r.device_id;

  it("fetches one extra row, drops it, and continues after the last key", () => {
    const c = compileQuery("SELECT * FROM devices", { pageSize: 2 });
    expect(c.text).toBe("SELECT t.* FROM devices t ORDER BY t.device_id LIMIT $1::bigint");
    expect(c.params).toEqual([3]);
    const page = c.finish([{ device_id: "a" }, { device_id: "b" }, { device_id: "c" }], twin);
    expect(page.items).toEqual(["a", "b"]);
    const next = compileQuery("SELECT * FROM devices", { pageSize: 2, continuation: page.continuation });
    expect(next.text).toBe("SELECT t.* FROM devices t WHERE (t.device_id > $1::text) ORDER BY t.device_id LIMIT $2::bigint");
    expect(next.params).toEqual(["b", 3]);
    expect(next.finish([{ device_id: "c" }], twin)).toEqual({ items: ["c"], continuation: null });
  });

  it("carries the TOP remainder and never over-fetches past it", () => {
    const q = "SELECT TOP 3 deviceId FROM devices WHERE status = 'enabled'";
    const c = compileQuery(q, { pageSize: 2 });
    expect(c.params).toEqual(["enabled", 3]);
    const rows = ["a", "b", "c"].map((d) => ({ c0: d, k0: d }));
    const first = c.finish(rows, twin);
    expect(first.items).toEqual([{ deviceId: "a" }, { deviceId: "b" }]);
    const next = compileQuery(q, { pageSize: 2, continuation: first.continuation });
    expect(next.text).toContain("WHERE ((t.status = $1::text) AND (t.device_id > $2::text))");
    expect(next.params).toEqual(["enabled", "b", 1]);
    expect(next.finish([rows[2]!], twin)).toEqual({ items: [{ deviceId: "c" }], continuation: null });
  });

  it("uses the (device_id, module_id) key on modules", () => {
    const c = compileQuery("SELECT deviceId FROM devices.modules", { pageSize: 1 });
    const page = c.finish([{ c0: "d", k0: "d", k1: "m1" }, { c0: "d", k0: "d", k1: "m2" }], twin);
    const next = compileQuery("SELECT deviceId FROM devices.modules", { pageSize: 1, continuation: page.continuation });
    expect(next.text).toContain("WHERE ((t.device_id, t.module_id) > ($1::text, $2::text))");
    expect(next.params).toEqual(["d", "m1", 2]);
  });

  it("pages grouped aggregates with OFFSET", () => {
    const q = "SELECT tags.env AS env, COUNT() AS n FROM devices GROUP BY tags.env";
    const c = compileQuery(q, { pageSize: 2 });
    const page = c.finish([{ c0: "a", c1: 1 }, { c0: null, c1: 2 }, { c0: "c", c1: 3 }], twin);
    expect(page.items).toEqual([{ env: "a", n: 1 }, { n: 2 }]);
    const next = compileQuery(q, { pageSize: 2, continuation: page.continuation });
    expect(next.text).toMatch(/LIMIT \$2::bigint OFFSET \$3::bigint$/);
    expect(next.params).toEqual(["env", 3, 2]);
  });

  it("returns no continuation when the last page is exactly full", () => {
    const c = compileQuery("SELECT * FROM devices", { pageSize: 2 });
    expect(c.finish([{ device_id: "a" }, { device_id: "b" }], twin).continuation).toBeNull();
  });
});
