import { describe, expect, it } from "vitest";
import { RecentTwins, type PlanningRow } from "./recent-twins";

const row = (version: number, tags: Record<string, unknown> = {}): PlanningRow => ({
  generation_id: "g1",
  twin_version: version,
  tags,
  desired: {},
  desired_metadata: {},
  desired_version: 1,
});

const ids = (n: number) => Array.from({ length: n }, (_, i) => `d${i}`);

describe("RecentTwins", () => {
  it("keeps device and module twins apart", () => {
    const cache = new RecentTwins();
    cache.remember({ deviceId: "d" }, row(2, { device: true }));
    cache.remember({ deviceId: "d", moduleId: "m" }, row(7, { module: true }));
    expect(cache.get({ deviceId: "d" })?.tags).toEqual({ device: true });
    expect(cache.get({ deviceId: "d", moduleId: "m" })?.twin_version).toBe(7);
    expect(cache.get({ deviceId: "d", moduleId: "other" })).toBeUndefined();
  });

  it("replaces, forgets, and stores versions as numbers", () => {
    const cache = new RecentTwins();
    cache.remember({ deviceId: "d" }, { ...row(1), twin_version: "41" });
    expect(cache.get({ deviceId: "d" })?.twin_version).toBe(41);
    cache.remember({ deviceId: "d" }, row(42));
    expect(cache.size).toBe(1);
    cache.forget({ deviceId: "d" });
    expect(cache.get({ deviceId: "d" })).toBeUndefined();
    cache.forget({ deviceId: "d" }); // forgetting twice is harmless
  });

  it.each([
    // [budget in characters, max entries, twins written, expected survivors]
    [1_000_000, 3, ["a", "b", "c", "d"], ["b", "c", "d"]],
    [1_000_000, 10, ["a", "b", "c"], ["a", "b", "c"]],
    // Each entry here is 13 characters of JSON: sixteen fit in 208.
    [208, 100, ids(20), ids(20).slice(4)],
  ])("budget %i chars / %i entries keeps the most recent", (budget, entries, written, survivors) => {
    const cache = new RecentTwins(budget, entries);
    for (const id of written) cache.remember({ deviceId: id }, row(1, { k: "v" }));
    expect(written.filter((id) => cache.get({ deviceId: id }) !== undefined)).toEqual(survivors);
  });

  it("a read makes an entry the most recent", () => {
    const cache = new RecentTwins(1_000_000, 2);
    cache.remember({ deviceId: "a" }, row(1));
    cache.remember({ deviceId: "b" }, row(1));
    cache.get({ deviceId: "a" });
    cache.remember({ deviceId: "c" }, row(1));
    expect(cache.get({ deviceId: "a" })).toBeDefined();
    expect(cache.get({ deviceId: "b" })).toBeUndefined();
  });

  it("does not keep a twin larger than a sixteenth of the budget", () => {
    const cache = new RecentTwins(1_600, 10);
    cache.remember({ deviceId: "small" }, row(1, { k: "v" }));
    cache.remember({ deviceId: "huge" }, row(1, { k: "x".repeat(200) }));
    expect(cache.get({ deviceId: "huge" })).toBeUndefined();
    expect(cache.get({ deviceId: "small" })).toBeDefined();
  });
});
