import { describe, expect, it } from "vitest";
import { describePresence, judgeFreshness, trustedTone, type FreshnessInput } from "./status-freshness";

const now = new Date("2026-03-01T12:00:00Z");
const base = { now, staleAfterSeconds: 300, source: "edgeAgent" as const };

describe("judgeFreshness", () => {
  it.each<[string, Partial<FreshnessInput>, string, string, string | null]>([
    ["just reported", { at: "2026-03-01T11:59:58Z" }, "fresh", "just now", null],
    ["2 min old", { at: "2026-03-01T11:58:00Z" }, "fresh", "2 min old", null],
    ["exactly at the threshold", { at: "2026-03-01T11:55:00Z" }, "fresh", "5 min old", null],
    ["one second past the threshold", { at: "2026-03-01T11:54:59Z" }, "stale", "stale · 5 min old", "old"],
    ["12 min old", { at: "2026-03-01T11:48:00Z" }, "stale", "stale · 12 min old", "old"],
    ["a smaller threshold", { at: "2026-03-01T11:59:00Z", staleAfterSeconds: 30 }, "stale", "stale · 1 min old", "old"],
    ["fresh but the reporter is offline", { at: "2026-03-01T11:59:50Z", isReporterOnline: false }, "stale", "stale · device offline", "reporter-offline"],
    ["reporter online", { at: "2026-03-01T11:59:50Z", isReporterOnline: true }, "fresh", "10 s old", null],
    ["device clock ahead", { at: "2026-03-01T12:00:30Z" }, "fresh", "just now", null],
    ["never reported", { at: undefined }, "unknown", "age unknown", null],
    ["IoT Hub's never", { at: "0001-01-01T00:00:00Z" }, "unknown", "age unknown", null],
    ["garbage", { at: "yesterday" }, "unknown", "age unknown", null],
    ["not a string", { at: 1234 }, "unknown", "age unknown", null],
  ])("%s", (_name, input, state, label, reason) => {
    const f = judgeFreshness({ ...base, at: undefined, ...input });
    expect(f.state).toBe(state);
    expect(f.label).toBe(label);
    expect(f.reason).toBe(reason);
    expect(f.title).toContain("$edgeAgent reported");
  });

  it("names the source and the time in the title", () => {
    const f = judgeFreshness({ ...base, source: "edgeHub", at: "2026-03-01T11:00:00Z" });
    expect(f.title).toBe("Source: $edgeHub reported; as of 2026-03-01T11:00:00.000Z (1 h old); stale: older than 300 s");
    expect(f.ageMs).toBe(3_600_000);
  });
});

describe("trustedTone", () => {
  it.each<[Parameters<typeof trustedTone>[0], "fresh" | "stale" | "unknown", string]>([
    ["ok", "fresh", "ok"],
    ["ok", "stale", "stale"],
    ["ok", "unknown", "stale"],
    ["error", "stale", "error"],
    ["warn", "stale", "warn"],
    ["unknown", "stale", "unknown"],
  ])("%s when %s → %s", (tone, state, expected) => expect(trustedTone(tone, { state })).toBe(expected));
});

describe("describePresence", () => {
  const hhmm = (d: Date) => d.toISOString().slice(11, 16);
  it.each<[string, unknown, string, boolean]>([
    ["Connected", "2026-03-01T11:57:00Z", "Connected since 11:57 (3 min)", true],
    ["Disconnected", "2026-03-01T11:45:00Z", "Offline since 11:45 (15 min)", false],
    ["Disconnected", "2026-02-27T12:00:00Z", "Offline since 12:00 (2 d)", false],
    ["Disconnected", "2026-03-01T11:59:59Z", "Offline since 11:59 (just now)", false],
    ["Disconnected", null, "Never connected", false],
    ["Connected", null, "Connected", true],
  ])("%s at %s → %s", (state, since, text, isOnline) => {
    const p = describePresence(state, since, now, hhmm);
    expect(p.text).toBe(text);
    expect(p.isOnline).toBe(isOnline);
  });

  it("says an edge device's presence is its $edgeAgent connection", () => {
    expect(describePresence("Connected", "2026-03-01T11:57:00Z", now, undefined, "$edgeAgent").title).toContain("$edgeAgent connection");
  });
});
