import { describe, expect, it } from "vitest";
import { planTagPatch } from "./tag-patch";

describe("planTagPatch", () => {
  it.each([
    ["adds a key", { a: 1 }, { site: "x" }, { before: {}, after: { site: "x" } }, { a: 1, site: "x" }],
    ["replaces a value", { site: "a", b: 2 }, { site: "x" }, { before: { site: "a" }, after: { site: "x" } }, { site: "x", b: 2 }],
    ["deletes with null", { site: "a", b: 2 }, { site: null }, { before: { site: "a" }, after: {} }, { b: 2 }],
    [
      "merges nested objects",
      { loc: { city: "berlin", floor: 1 } },
      { loc: { floor: 2 } },
      { before: { loc: { city: "berlin", floor: 1 } }, after: { loc: { city: "berlin", floor: 2 } } },
      { loc: { city: "berlin", floor: 2 } },
    ],
  ] as const)("%s", (_name, current, patch, change, tags) => {
    const outcome = planTagPatch("d1", current as never, patch as never);
    expect(outcome).toEqual({ kind: "changed", tags, change: { deviceId: "d1", ...change } });
  });

  it.each([
    ["same value", { site: "x" }, { site: "x" }],
    ["deleting a missing key", { a: 1 }, { site: null }],
    ["same nested value", { loc: { city: "b" } }, { loc: { city: "b" } }],
  ] as const)("reports %s as unchanged (a re-run writes nothing)", (_name, current, patch) => {
    expect(planTagPatch("d1", current as never, patch as never)).toEqual({ kind: "unchanged" });
  });

  it("rejects a device whose tags would exceed 8 KB, naming the path", () => {
    const current = { big: "x".repeat(4000), big2: "y".repeat(4000) };
    const outcome = planTagPatch("d1", current, { more: "z".repeat(500) });
    expect(outcome).toMatchObject({ kind: "rejected", path: "tags" });
    expect(outcome.kind === "rejected" && outcome.message).toMatch(/8192-byte limit/);
  });
});
