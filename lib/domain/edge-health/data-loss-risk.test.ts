import { describe, expect, it } from "vitest";
import { compareDataLossRisk, riskTier, secondsUntilExpiryNow, usedPercentOf, type DataLossFacts } from "./data-loss-risk";

const facts = (deviceId: string, f: Partial<DataLossFacts> = {}): DataLossFacts => ({
  deviceId,
  queueLength: 5,
  droppedByTtl: 0,
  refusedForSpace: 0,
  secondsUntilFirstExpiry: 3600,
  usedPercent: 10,
  ...f,
});

describe("compareDataLossRisk", () => {
  it.each<[string, DataLossFacts[], string[]]>([
    ["refusing before anything else", [facts("a", { secondsUntilFirstExpiry: 5 }), facts("b", { refusedForSpace: 1, secondsUntilFirstExpiry: 7000 })], ["b", "a"]],
    ["dropping before merely at risk", [facts("a", { secondsUntilFirstExpiry: 5 }), facts("b", { droppedByTtl: 3 })], ["b", "a"]],
    ["then least time to expiry", [facts("a", { secondsUntilFirstExpiry: 900 }), facts("b", { secondsUntilFirstExpiry: 60 }), facts("c", { secondsUntilFirstExpiry: -5 })], ["c", "b", "a"]],
    ["never-expiring after expiring", [facts("a", { secondsUntilFirstExpiry: null }), facts("b", { secondsUntilFirstExpiry: 999_999 })], ["b", "a"]],
    ["then fullest store", [facts("a", { usedPercent: 20 }), facts("b", { usedPercent: 95 }), facts("c", { usedPercent: null })], ["b", "a", "c"]],
    ["within the losing tier, expiry still orders", [facts("a", { refusedForSpace: 1, secondsUntilFirstExpiry: 500 }), facts("b", { droppedByTtl: 1, secondsUntilFirstExpiry: 20 })], ["b", "a"]],
    ["ties by device id", [facts("b"), facts("a")], ["a", "b"]],
  ])("%s", (_name, input, order) => {
    expect([...input].sort(compareDataLossRisk).map((f) => f.deviceId)).toEqual(order);
  });
});

describe("riskTier", () => {
  it.each<[number, number, number]>([
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 0],
  ])("dropped %d refused %d → tier %d", (droppedByTtl, refusedForSpace, tier) => expect(riskTier({ droppedByTtl, refusedForSpace })).toBe(tier));
});

describe("usedPercentOf / secondsUntilExpiryNow", () => {
  it.each<[number, number | null, number | null]>([
    [512, 1024, 50],
    [2048, 1024, 100],
    [0, 0, 100],
    [100, null, null],
  ])("%d of %s → %s", (used, max, pct) => expect(usedPercentOf(used, max)).toBe(pct));

  const now = new Date("2026-03-01T12:00:00Z");
  it.each<[number | null, string | null, number | null]>([
    [300, "2026-03-01T11:58:00Z", 180],
    [60, "2026-03-01T11:58:00Z", -60],
    [300, null, 300],
    [null, "2026-03-01T11:58:00Z", null],
    [300, "2026-03-01T12:01:00Z", 300],
  ])("%s s reported at %s → %s", (secs, at, left) => expect(secondsUntilExpiryNow(secs, at ? new Date(at) : null, now)).toBe(left));
});
