import { describe, expect, it } from "vitest";
import type { JsonObject } from "./json";
import { applyMergePatch, normalizeReplaceDocument } from "./merge-patch";

describe("applyMergePatch", () => {
  it.each<[string, JsonObject, JsonObject, JsonObject]>([
    ["empty patch keeps everything", { a: 1, b: { c: 2 } }, {}, { a: 1, b: { c: 2 } }],
    ["adds a member", { a: 1 }, { b: 2 }, { a: 1, b: 2 }],
    ["overwrites a leaf", { a: 1 }, { a: "x" }, { a: "x" }],
    ["merges objects recursively", { a: { b: 1, c: 2 } }, { a: { c: 3, d: 4 } }, { a: { b: 1, c: 3, d: 4 } }],
    ["null deletes at the root", { a: 1, b: 2 }, { a: null }, { b: 2 }],
    ["null deletes at depth", { a: { b: { c: 1, d: 2 } } }, { a: { b: { c: null } } }, { a: { b: { d: 2 } } }],
    ["null for a missing key is a no-op", { a: 1 }, { z: null, y: { x: null } }, { a: 1, y: {} }],
    ["deleting a whole subtree", { a: { b: { c: 1 } }, k: true }, { a: null }, { k: true }],
    ["arrays are replaced wholesale", { a: [1, 2, 3] }, { a: [9] }, { a: [9] }],
    ["array replaces an object", { a: { b: 1 } }, { a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }],
    ["object replaces an array", { a: [1, 2] }, { a: { b: 1 } }, { a: { b: 1 } }],
    ["object replaces a leaf, nulls inside dropped", { a: 5 }, { a: { b: 1, c: null } }, { a: { b: 1 } }],
    ["nulls inside arrays are values", { a: 1 }, { a: [null, 1] }, { a: [null, 1] }],
    ["empty object patch keeps an existing object", { a: { b: 1 } }, { a: {} }, { a: { b: 1 } }],
    ["empty object patch creates an empty object", {}, { a: {} }, { a: {} }],
    ["false and zero are not deletions", { a: 1, b: 1 }, { a: false, b: 0 }, { a: false, b: 0 }],
  ])("%s", (_name, current, patch, expected) => {
    expect(applyMergePatch(current, patch)).toEqual(expected);
  });

  it("never mutates or aliases its inputs", () => {
    const current: JsonObject = { a: { b: [1, 2] }, c: 1 };
    const patch: JsonObject = { a: { d: { e: 1 } }, f: [1] };
    const before = JSON.stringify([current, patch]);
    const result = applyMergePatch(current, patch);
    expect(JSON.stringify([current, patch])).toBe(before);
    (result.a as JsonObject).d = 0;
    (result.f as number[]).push(2);
    ((result.a as JsonObject).b as number[]).push(3);
    expect(JSON.stringify([current, patch])).toBe(before);
  });

  it("stores a __proto__ key as data, never as a prototype", () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}}') as JsonObject;
    const result = applyMergePatch({}, patch);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("normalizeReplaceDocument", () => {
  it.each<[JsonObject, JsonObject]>([
    [{ a: null, b: 1 }, { b: 1 }],
    [{ a: { b: null, c: [null] } }, { a: { c: [null] } }],
  ])("drops null members of %j", (doc, expected) => {
    expect(normalizeReplaceDocument(doc)).toEqual(expected);
  });
});
