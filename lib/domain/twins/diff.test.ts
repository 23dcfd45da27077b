import { describe, expect, it } from "vitest";
import { desiredPatchForReplace, diffJson, type JsonChange } from "./diff";
import type { JsonObject, JsonValue } from "./json";

describe("diffJson", () => {
  it.each<[string, JsonValue, JsonValue, JsonChange[]]>([
    ["identical", { a: { b: [1, 2] } }, { a: { b: [1, 2] } }, []],
    ["member order is irrelevant", { a: 1, b: 2 }, { b: 2, a: 1 }, []],
    ["leaf changed", { a: { b: 1 } }, { a: { b: 2 } }, [{ path: "a.b", before: 1, after: 2 }]],
    ["leaf added", { a: {} }, { a: { b: 1 } }, [{ path: "a.b", after: 1 }]],
    ["leaf removed", { a: { b: 1 } }, { a: {} }, [{ path: "a.b", before: 1 }]],
    ["subtree added is one entry", {}, { m: { x: { y: 1 } } }, [{ path: "m", after: { x: { y: 1 } } }]],
    ["array compared as a leaf", { a: [1, 2] }, { a: [1, 3] }, [{ path: "a", before: [1, 2], after: [1, 3] }]],
    ["object replaced by leaf", { a: { b: 1 } }, { a: "x" }, [{ path: "a", before: { b: 1 }, after: "x" }]],
    ["null is a value", { a: null }, { a: 0 }, [{ path: "a", before: null, after: 0 }]],
    ["root primitives", 1, 2, [{ path: "", before: 1, after: 2 }]],
    ["several changes in order", { a: 1, b: 2, c: 3 }, { a: 1, b: 20, d: 4 },
      [{ path: "b", before: 2, after: 20 }, { path: "c", before: 3 }, { path: "d", after: 4 }]],
  ])("%s", (_name, before, after, expected) => {
    expect(diffJson(before, after)).toEqual(expected);
  });

  it("returns copies, not references into the inputs", () => {
    const after: JsonObject = { a: { b: [1] } };
    const [change] = diffJson({}, after);
    ((change?.after as JsonObject).b as number[]).push(2);
    expect(after).toEqual({ a: { b: [1] } });
  });
});

describe("desiredPatchForReplace", () => {
  it.each<[string, JsonObject, JsonObject, JsonObject]>([
    ["unchanged document is sent in full", { a: 1 }, { a: 1 }, { a: 1 }],
    ["removed root key becomes null", { a: 1, b: 2 }, { a: 1 }, { a: 1, b: null }],
    ["removed nested key becomes null", { a: { b: 1, c: 2 } }, { a: { b: 1 } }, { a: { b: 1, c: null } }],
    ["removed at depth 3", { a: { b: { c: 1, d: 1 } } }, { a: { b: { d: 2 } } }, { a: { b: { d: 2, c: null } } }],
    ["object replaced by leaf: just the leaf", { a: { b: 1 } }, { a: 5 }, { a: 5 }],
    ["leaf replaced by object: just the object", { a: 5 }, { a: { b: 1 } }, { a: { b: 1 } }],
    ["arrays are leaves", { a: [1, 2] }, { a: [1] }, { a: [1] }],
    ["everything removed", { a: 1, b: { c: 1 } }, {}, { a: null, b: null }],
    ["nulls in the new document count as removal", { a: 1, b: 1 }, { a: null, b: 1, c: null }, { b: 1, a: null }],
    ["read-only root keys are not reported", { $version: 3, $metadata: {}, a: 1 }, { a: 2 }, { a: 2 }],
  ])("%s", (_name, previous, next, expected) => {
    expect(desiredPatchForReplace(previous, next)).toEqual(expected);
  });
});
