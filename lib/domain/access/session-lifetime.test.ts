import { describe, expect, it } from "vitest";
import { judgeSession } from "./session-lifetime";

const MIN = 60_000;

describe("judgeSession", () => {
  it.each([
    ["fresh", { createdAt: 0, lastSeenAt: 0 }, 10_000, { valid: true, touch: false }],
    ["touched once a minute", { createdAt: 0, lastSeenAt: 0 }, MIN, { valid: true, touch: true }],
    ["idle 29 min", { createdAt: 0, lastSeenAt: 0 }, 29 * MIN, { valid: true, touch: true }],
    ["idle 30 min", { createdAt: 0, lastSeenAt: 0 }, 30 * MIN, { valid: false, reason: "idle" }],
    ["active but 12 h old", { createdAt: 0, lastSeenAt: 12 * 60 * MIN - 1000 }, 12 * 60 * MIN, { valid: false, reason: "expired" }],
  ])("%s", (_name, times, now, expected) => {
    expect(judgeSession(times, now)).toEqual(expected);
  });
});
