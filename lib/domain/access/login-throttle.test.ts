import { describe, expect, it } from "vitest";
import { afterFailure, lockedFor, type ThrottleState } from "./login-throttle";

const MIN = 60_000;

function failures(times: number[]): ThrottleState | null {
  let state: ThrottleState | null = null;
  for (const t of times) state = afterFailure(state, t);
  return state;
}

describe("login throttle", () => {
  it.each([
    ["9 failures in 15 min: not locked", Array.from({ length: 9 }, (_, i) => i * MIN), 9 * MIN, false],
    ["10 failures in 15 min: locked", Array.from({ length: 10 }, (_, i) => i * MIN), 10 * MIN, true],
    ["locked for 15 minutes", Array.from({ length: 10 }, (_, i) => i * MIN), 9 * MIN + 14 * MIN, true],
    ["unlocked after 15 minutes", Array.from({ length: 10 }, (_, i) => i * MIN), 9 * MIN + 15 * MIN, false],
    ["failures spread over more than 15 minutes never lock", Array.from({ length: 20 }, (_, i) => i * 2 * MIN), 40 * MIN, false],
  ])("%s", (_name, times, now, locked) => {
    expect(lockedFor(failures(times), now) > 0).toBe(locked);
  });

  it("starts a fresh window after a lock expires", () => {
    const locked = failures(Array.from({ length: 10 }, (_, i) => i));
    const after = afterFailure(locked, 10 + 16 * MIN);
    expect(after.failures).toBe(1);
    expect(after.lockedUntil).toBeNull();
  });
});
