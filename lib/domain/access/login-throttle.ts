/**
 * Login throttling per (username, client address) pair: `maxFailures` failures within `windowMs`
 * lock the pair out for `lockMs`. Pure: the caller stores the state and passes the clock.
 */
export type ThrottleConfig = { maxFailures: number; windowMs: number; lockMs: number };
export type ThrottleState = { failures: number; windowStartedAt: number; lockedUntil: number | null };

export const DEFAULT_THROTTLE: ThrottleConfig = { maxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export function lockedFor(state: ThrottleState | null, now: number): number {
  return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil - now : 0;
}

export function afterFailure(state: ThrottleState | null, now: number, config = DEFAULT_THROTTLE): ThrottleState {
  const fresh = !state || now - state.windowStartedAt > config.windowMs || (state.lockedUntil !== null && state.lockedUntil <= now);
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  return { failures, windowStartedAt, lockedUntil: failures >= config.maxFailures ? now + config.lockMs : null };
}
