import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { planSectionWrite } from "./plan-section-write";

const now = "2026-01-01T00:00:00.000Z";
const current = { doc: { a: { b: 1, c: 2 }, keep: true }, metadata: {}, version: 4 };

describe("planSectionWrite", () => {
  it.each([
    ["patch merges and deletes", "patch", { a: { b: null, d: 3 } }, { a: { c: 2, d: 3 }, keep: true }],
    ["replace drops everything not named", "replace", { z: 1 }, { z: 1 }],
    ["echoed $version/$metadata are not stored", "replace", { z: 1, $version: 9, $metadata: {} }, { z: 1 }],
    ["arrays are replaced whole", "patch", { keep: [1, 2] }, { a: { b: 1, c: 2 }, keep: [1, 2] }],
  ] as const)("%s", (_name, mode, input, expected) => {
    const write = planSectionWrite("desired", current, input, { mode, now });
    expect(write.doc).toEqual(expected);
    expect(write.version).toBe(5);
    expect(write.metadata.$lastUpdatedVersion).toBe(5);
    expect(write.metadata.$lastUpdated).toBe(now);
  });

  it("reported metadata carries no $lastUpdatedVersion", () => {
    const write = planSectionWrite("reported", current, { x: 1 }, { mode: "patch", now });
    expect(write.metadata).not.toHaveProperty("$lastUpdatedVersion");
  });

  it.each([
    ["a forbidden key names its path", "desired", { a: { "b.c": 1 } }, "properties.desired.a.b.c"],
    ["tags over 8 KB", "tags", { big: "x".repeat(4000), big2: "y".repeat(4000), big3: "z".repeat(400) }, "tags"],
    ["not an object", "desired", [1], "properties.desired"],
  ] as const)("rejects %s", (_name, section, input, path) => {
    let caught: unknown;
    try {
      planSectionWrite(section, current, input, { mode: "patch", now });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe("ArgumentInvalid");
    expect(String((caught as AppError).details?.path)).toContain(path);
  });
});
