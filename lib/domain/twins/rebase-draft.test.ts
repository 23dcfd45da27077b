import { describe, expect, it } from "vitest";
import type { JsonObject } from "./json";
import { rebaseDraft } from "./rebase-draft";

describe("rebaseDraft", () => {
  // [name, base (what the operator loaded), draft (what they typed), current (stored now), expected, conflicts]
  it.each<[string, JsonObject, JsonObject, JsonObject, JsonObject, string[]]>([
    ["no concurrent change: the draft", { a: 1 }, { a: 2 }, { a: 1 }, { a: 2 }, []],
    ["no draft change: the current", { a: 1 }, { a: 1 }, { a: 5, b: 1 }, { a: 5, b: 1 }, []],
    ["disjoint members both kept", { a: 1, b: 1 }, { a: 2, b: 1 }, { a: 1, b: 3 }, { a: 2, b: 3 }, []],
    ["member added by each side", {}, { mine: 1 }, { theirs: 2 }, { theirs: 2, mine: 1 }, []],
    ["draft deletes, other side untouched", { a: 1, b: 1 }, { b: 1 }, { a: 1, b: 2 }, { b: 2 }, []],
    ["other side deletes a member the draft left alone", { a: 1, b: 1 }, { a: 2, b: 1 }, { a: 1 }, { a: 2 }, []],
    ["same change on both sides is no conflict", { a: 1 }, { a: 2 }, { a: 2 }, { a: 2 }, []],
    ["nested objects merge member by member", { m: { x: 1, y: 1 } }, { m: { x: 2, y: 1 } }, { m: { x: 1, y: 3 } }, { m: { x: 2, y: 3 } }, []],
    ["both add the same object with different members", {}, { m: { x: 1 } }, { m: { y: 2 } }, { m: { y: 2, x: 1 } }, []],
    ["both change a leaf: the draft wins, reported", { a: 1 }, { a: 2 }, { a: 3 }, { a: 2 }, ["a"]],
    ["deep conflict names its path", { m: { n: { v: 1 } } }, { m: { n: { v: 2 } } }, { m: { n: { v: 3 } } }, { m: { n: { v: 2 } } }, ["m.n.v"]],
    ["arrays are leaves", { a: [1, 2] }, { a: [1, 2, 3] }, { a: [0, 1, 2] }, { a: [1, 2, 3] }, ["a"]],
    ["draft deletes what the other side changed", { a: 1 }, {}, { a: 5 }, {}, ["a"]],
    ["draft changes what the other side deleted", { a: 1 }, { a: 2 }, {}, { a: 2 }, ["a"]],
    ["object replaced by a leaf on one side, changed on the other", { m: { x: 1 } }, { m: 5 }, { m: { x: 2 } }, { m: 5 }, ["m"]],
    ["null is an ordinary value", { a: null }, { a: 1 }, { a: null, b: null }, { a: 1, b: null }, []],
  ])("%s", (_name, base, draft, current, expected, conflicts) => {
    const result = rebaseDraft(base, draft, current);
    expect(result.document).toEqual(expected);
    expect(result.conflicts).toEqual(conflicts);
  });

  it("keeps the stored key order and does not share objects with its inputs", () => {
    const current: JsonObject = { z: { k: [1] }, a: 1 };
    const result = rebaseDraft({}, { n: 1 }, current);
    expect(Object.keys(result.document)).toEqual(["z", "a", "n"]);
    ((result.document.z as JsonObject).k as number[]).push(2);
    expect(current).toEqual({ z: { k: [1] }, a: 1 });
  });
});
