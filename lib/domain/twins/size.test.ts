import { describe, expect, it } from "vitest";
import type { JsonObject } from "./json";
import {
  TWIN_DESIRED_MAX_BYTES,
  TWIN_REPORTED_MAX_BYTES,
  TWIN_TAGS_MAX_BYTES,
  assertSectionWithinBudget,
  twinSectionSize,
  type TwinSection,
} from "./size";
import { appErrorOf } from "./test-helpers";

describe("twinSectionSize", () => {
  it.each<[string, JsonObject, number]>([
    ["empty", {}, 0],
    ["string: key + chars", { ab: "xyz" }, 2 + 3],
    ["number is 8", { n: 1 }, 1 + 8],
    ["float is 8", { n: 1.25 }, 1 + 8],
    ["boolean is 4", { b: true }, 1 + 4],
    ["null is 0", { z: null }, 1],
    ["multibyte key and value count UTF-8 bytes", { "é": "€" }, 2 + 3],
    ["control chars excluded from strings", { s: "a\nb\u0000c\u0085" }, 1 + 3],
    ["object is the sum of its contents", { o: { a: 1, bb: "x" } }, 1 + (1 + 8) + (2 + 1)],
    ["array is the sum of elements", { a: [1, "xy", true, { k: 1 }] }, 1 + 8 + 2 + 4 + (1 + 8)],
    ["root $ keys are excluded", { $version: 3, $metadata: { $lastUpdated: "2025" }, a: 1 }, 1 + 8],
    ["docs-style example", { tags: { location: { region: "US" } } }, 4 + 8 + 6 + 2],
  ])("%s", (_name, doc, expected) => {
    expect(twinSectionSize(doc)).toBe(expected);
  });
});

/** A document of exactly `bytes` bytes: key "k" (1) + a string value of bytes-1, split into ≤4096 chunks. */
function docOfSize(bytes: number): JsonObject {
  const doc: JsonObject = {};
  let remaining = bytes;
  for (let i = 0; remaining > 0; i++) {
    const key = `k${String(i).padStart(3, "0")}`;
    const len = Math.min(4000, remaining - key.length);
    doc[key] = "x".repeat(Math.max(0, len));
    remaining -= key.length + Math.max(0, len);
  }
  return doc;
}

describe("assertSectionWithinBudget", () => {
  it.each<[TwinSection, number]>([
    ["tags", TWIN_TAGS_MAX_BYTES],
    ["desired", TWIN_DESIRED_MAX_BYTES],
    ["reported", TWIN_REPORTED_MAX_BYTES],
  ])("%s allows exactly %i bytes and rejects one more", (section, limit) => {
    expect(twinSectionSize(docOfSize(limit))).toBe(limit);
    expect(() => assertSectionWithinBudget(section, docOfSize(limit), section)).not.toThrow();
    const err = appErrorOf(() => assertSectionWithinBudget(section, docOfSize(limit + 1), `x.${section}`));
    expect(err.code).toBe("ArgumentInvalid");
    expect(err.details).toEqual({ path: `x.${section}`, size: limit + 1, limit });
    expect(err.message).toContain(String(limit + 1));
    expect(err.message).toContain(String(limit));
  });

  it("has the documented limits", () => {
    expect([TWIN_TAGS_MAX_BYTES, TWIN_DESIRED_MAX_BYTES, TWIN_REPORTED_MAX_BYTES]).toEqual([8192, 32768, 32768]);
  });
});
