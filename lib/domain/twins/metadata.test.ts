import { describe, expect, it } from "vitest";
import type { JsonObject } from "./json";
import { applyMetadataPatch, buildMetadata } from "./metadata";

const T0 = "2025-03-01T10:00:00.000Z";
const T1 = "2025-03-01T11:00:00.000Z";
const old = { $lastUpdated: T0 };
const fresh = { $lastUpdated: T1 };

describe("applyMetadataPatch (reported: no version)", () => {
  const base: JsonObject = {
    ...old,
    a: { ...old, b: { ...old }, c: { ...old } },
    d: { ...old },
  };

  it.each<[string, JsonObject, JsonObject]>([
    ["empty patch stamps only the root", {}, { ...fresh, a: base.a as JsonObject, d: old }],
    ["leaf update stamps its path only", { a: { b: 2 } }, { ...fresh, a: { ...fresh, b: fresh, c: old }, d: old }],
    ["new nested key gets nodes on its whole path", { x: { y: { z: 1 } } },
      { ...fresh, a: base.a as JsonObject, d: old, x: { ...fresh, y: { ...fresh, z: fresh } } }],
    ["deletion drops the node and re-stamps the parent", { a: { c: null } }, { ...fresh, a: { ...fresh, b: old }, d: old }],
    ["deleting a subtree drops all of it", { a: null }, { ...fresh, d: old }],
    ["deleting a missing key still stamps the path", { a: { zz: null } }, { ...fresh, a: { ...fresh, b: old, c: old }, d: old }],
    ["leaf replacing an object drops its children", { a: 5 }, { ...fresh, a: fresh, d: old }],
    ["array is a leaf node", { d: [1, { e: 2 }] }, { ...fresh, a: base.a as JsonObject, d: fresh }],
    ["object replacing a leaf grows children", { d: { e: 1 } }, { ...fresh, a: base.a as JsonObject, d: { ...fresh, e: fresh } }],
  ])("%s", (_name, patch, expected) => {
    expect(applyMetadataPatch(base, patch, { now: T1 })).toEqual(expected);
  });

  it("does not mutate the previous metadata", () => {
    const before = JSON.stringify(base);
    applyMetadataPatch(base, { a: { b: null, q: 1 } }, { now: T1 });
    expect(JSON.stringify(base)).toBe(before);
  });
});

describe("applyMetadataPatch (desired: with version)", () => {
  const base: JsonObject = {
    $lastUpdated: T0, $lastUpdatedVersion: 3,
    a: { $lastUpdated: T0, $lastUpdatedVersion: 3, b: { $lastUpdated: T0, $lastUpdatedVersion: 3 } },
    k: { $lastUpdated: T0, $lastUpdatedVersion: 2, $lastUpdatedBy: "dep1", $lastUpdatedByDigest: "123" },
  };
  const v4 = { $lastUpdated: T1, $lastUpdatedVersion: 4 };

  const a = base.a as JsonObject;
  it.each<[string, JsonObject, number, JsonObject]>([
    ["nested write carries the version", { a: { c: 1 } }, 4, { ...v4, a: { ...v4, b: a.b as JsonObject, c: v4 }, k: base.k as JsonObject }],
    ["plain write clears $lastUpdatedBy", { k: 1 }, 4, { ...v4, a, k: v4 }],
    ["version 0 is still written", {}, 0, { $lastUpdated: T1, $lastUpdatedVersion: 0, a, k: base.k as JsonObject }],
  ])("%s", (_name, patch, version, expected) => {
    expect(applyMetadataPatch(base, patch, { now: T1, version })).toEqual(expected);
  });

  it("stamps configuration provenance when given", () => {
    const stamp = { now: T1, version: 5, lastUpdatedBy: "dep2", lastUpdatedByDigest: "99" };
    const node = { $lastUpdated: T1, $lastUpdatedVersion: 5, $lastUpdatedBy: "dep2", $lastUpdatedByDigest: "99" };
    expect(applyMetadataPatch({}, { m: { n: 1 } }, stamp)).toEqual({ ...node, m: { ...node, n: node } });
  });

  it("ignores read-only $ keys in the patch", () => {
    expect(applyMetadataPatch({}, { $version: 7, $metadata: {}, a: 1 }, { now: T1 })).toEqual({ ...fresh, a: fresh });
  });
});

describe("buildMetadata", () => {
  it.each<[string, JsonObject, number | undefined, JsonObject]>([
    ["empty document", {}, undefined, fresh],
    ["nested objects and leaves", { a: { b: { c: "x" } }, d: true }, undefined,
      { ...fresh, a: { ...fresh, b: { ...fresh, c: fresh } }, d: fresh }],
    ["arrays are leaves", { a: [{ b: 1 }] }, undefined, { ...fresh, a: fresh }],
    ["nulls are dropped", { a: null, b: { c: null } }, undefined, { ...fresh, b: fresh }],
    ["$version and $metadata are skipped", { $version: 3, $metadata: {}, a: 1 }, undefined, { ...fresh, a: fresh }],
    ["desired carries the version everywhere", { a: { b: 1 } }, 2,
      { $lastUpdated: T1, $lastUpdatedVersion: 2, a: { $lastUpdated: T1, $lastUpdatedVersion: 2, b: { $lastUpdated: T1, $lastUpdatedVersion: 2 } } }],
  ])("%s", (_name, doc, version, expected) => {
    expect(buildMetadata(doc, version === undefined ? { now: T1 } : { now: T1, version })).toEqual(expected);
  });
});
