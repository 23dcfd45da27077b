import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "./json";
import { appErrorOf } from "./test-helpers";
import { stripReadOnlyKeys, validateTwinSection } from "./validate-section";

const P = "properties.desired";
const patch = (doc: unknown) => () => validateTwinSection("desired", doc as JsonObject, { isPatch: true, pathPrefix: P });
const replace = (doc: unknown) => () => validateTwinSection("desired", doc as JsonObject, { isPatch: false, pathPrefix: P });

/** A section whose innermost primitive sits under `containers` nested objects (keys k1…kN). */
function nestedObjects(containers: number): JsonObject {
  let value: JsonValue = "value";
  for (let i = containers; i >= 1; i--) value = { [`k${i}`]: value };
  return { root: value } as JsonObject;
}
const nestedPath = (n: number) => [P, "root", ...Array.from({ length: n - 1 }, (_, i) => `k${i + 1}`)].join(".");

describe("validateTwinSection: accepted documents", () => {
  it.each<[string, unknown]>([
    ["empty", {}],
    ["all value kinds", { s: "x", n: 1.5, i: -3, b: false, o: { a: 1 }, arr: [1, "a", { k: true }, [2]] }],
    ["key of 1024 one-byte chars", { ["a".repeat(1024)]: 1 }],
    ["key of 1024 bytes in 2-byte chars", { ["é".repeat(512)]: 1 }],
    ["key of 1024 bytes mixing 3-byte chars", { ["€".repeat(341) + "a"]: 1 }],
    ["allowed punctuation and non-ASCII in keys", { "a-b": 1, "x:y": 2, "f(o)": 3, "ü_ñ": 4, "nbsp\u00a0ok": 5, "a/b#c": 6 }],
    ["string of 4096 bytes", { s: "x".repeat(4096) }],
    ["string of 4096 bytes in 2-byte chars", { s: "é".repeat(2048) }],
    ["array of exactly 4096 bytes", { a: ["x".repeat(2048), "y".repeat(2048)] }],
    ["object larger than 4 KB (only leaves are capped)", { modules: { a: "x".repeat(3000), b: "y".repeat(3000) } }],
    ["max integer", { n: 4503599627370495 }],
    ["min integer", { n: -4503599627370496 }],
    ["large non-integer float", { n: 1.5e15 + 0.5 }],
    ["10 nested objects", nestedObjects(10)],
    ["10 levels mixing arrays and objects", { a: [[{ b: [{ c: [[{ d: [{ e: 1 }] }]] }] }]] }],
    ["null members (delete)", { a: null, b: { c: null } }],
    ["null inside arrays", { a: [null] }],
    ["control chars inside string values", { s: "line1\nline2\u0085" }],
    ["read-only $version/$metadata at the root", { $version: 4, $metadata: { $lastUpdated: "x" }, a: 1 }],
  ])("%s", (_name, doc) => {
    expect(patch(doc)).not.toThrow();
    expect(replace(doc)).not.toThrow();
  });
});

describe("validateTwinSection: rejected documents", () => {
  it.each<[string, unknown, string]>([
    ["key of 1025 bytes", { ["a".repeat(1025)]: 1 }, `${P}.${"a".repeat(1025)}`],
    ["key of 1025 bytes with 2-byte chars", { ["é".repeat(512) + "a"]: 1 }, `${P}.${"é".repeat(512)}a`],
    ["key of 1026 bytes with 3-byte chars", { ["€".repeat(342)]: 1 }, `${P}.${"€".repeat(342)}`],
    ["empty key", { "": 1 }, `${P}.`],
    ["dot in key", { a: { "b.c": 1 } }, `${P}.a.b.c`],
    ["dollar in key", { a: { b$: 1 } }, `${P}.a.b$`],
    ["leading dollar in nested key", { a: { $version: 1 } }, `${P}.a.$version`],
    ["other $ key at the root", { $foo: 1 }, `${P}.$foo`],
    ["space in key", { "a b": 1 }, `${P}.a b`],
    ["NUL in key", { "a\u0000": 1 }, `${P}.a\u0000`],
    ["tab in key", { "a\t": 1 }, `${P}.a\t`],
    ["unit separator U+001F", { "a\u001f": 1 }, `${P}.a\u001f`],
    ["DEL U+007F", { "a\u007f": 1 }, `${P}.a\u007f`],
    ["C1 U+0080", { "a\u0080": 1 }, `${P}.a\u0080`],
    ["C1 U+009F", { "a\u009f": 1 }, `${P}.a\u009f`],
    ["string of 4097 bytes", { s: "x".repeat(4097) }, `${P}.s`],
    ["string of 4097 bytes in 2-byte chars", { s: "é".repeat(2048) + "a" }, `${P}.s`],
    ["string in an array over 4 KB", { a: [1, "x".repeat(4097)] }, `${P}.a[1]`],
    ["array over 4 KB as a whole", { a: ["x".repeat(2048), "y".repeat(2049)] }, `${P}.a`],
    ["integer above max", { n: 4503599627370496 }, `${P}.n`],
    ["integer below min", { n: -4503599627370497 }, `${P}.n`],
    ["huge float that is an integer", { n: 1e300 }, `${P}.n`],
    ["NaN", { n: Number.NaN }, `${P}.n`],
    ["Infinity", { a: { n: Number.POSITIVE_INFINITY } }, `${P}.a.n`],
    ["-Infinity in array", { a: [Number.NEGATIVE_INFINITY] }, `${P}.a[0]`],
    ["11 nested objects", nestedObjects(11), nestedPath(11)],
    ["11 levels of arrays", { a: [[[[[[[[[[[1]]]]]]]]]]] }, `${P}.a[0][0][0][0][0][0][0][0][0][0]`],
    ["undefined", { a: undefined }, `${P}.a`],
    ["function", { a: { f: () => 1 } }, `${P}.a.f`],
    ["symbol", { a: Symbol("x") }, `${P}.a`],
    ["bigint", { a: 1n }, `${P}.a`],
    ["Date instance", { a: new Date(0) }, `${P}.a`],
    ["Map instance", { a: new Map() }, `${P}.a`],
    ["hole in a sparse array", { a: [1, , 3] }, `${P}.a[1]`],
    ["bad key inside an array element", { a: [{ ok: 1 }, { "b c": 1 }] }, `${P}.a[1].b c`],
  ])("%s", (_name, doc, path) => {
    for (const run of [patch(doc), replace(doc)]) {
      const err = appErrorOf(run);
      expect(err.code).toBe("ArgumentInvalid");
      expect(err.details?.path).toBe(path);
      expect(err.message.length).toBeGreaterThan(path.length);
    }
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["array", [1]],
    ["string", "x"],
  ])("rejects a %s section", (_name, doc) => {
    expect(appErrorOf(patch(doc)).details?.path).toBe(P);
  });

  it("treats $version as an ordinary (forbidden) key in tags", () => {
    const err = appErrorOf(() => validateTwinSection("tags", { $version: 1 }, { isPatch: false, pathPrefix: "tags" }));
    expect(err.details?.path).toBe("tags.$version");
  });

  it("names the path without a prefix when none is given", () => {
    const err = appErrorOf(() => validateTwinSection("reported", { a: { "b.c": 1 } }, { isPatch: true, pathPrefix: "" }));
    expect(err.details?.path).toBe("a.b.c");
  });
});

describe("stripReadOnlyKeys", () => {
  it.each<[JsonObject, JsonObject]>([
    [{ $version: 3, $metadata: {}, a: 1 }, { a: 1 }],
    [{ a: { $version: 1 } }, { a: { $version: 1 } }],
    [{}, {}],
  ])("%j", (doc, expected) => {
    expect(stripReadOnlyKeys(doc)).toEqual(expected);
  });
});
