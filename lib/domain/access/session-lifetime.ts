export type SessionTimes = { createdAt: number; lastSeenAt: number };
export type SessionLimits = { idleMs: number; absoluteMs: number };

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000 };
/** Don't write `last_seen_at` on every request: once a minute is precise enough for a 30 min idle limit. */
export const TOUCH_INTERVAL_MS = 60_000;

export type SessionVerdict = { valid: false; reason: "idle" | "expired" } | { valid: true; touch: boolean };

export function judgeSession(times: SessionTimes, now: number, limits = DEFAULT_SESSION_LIMITS): SessionVerdict {
  if (now - times.createdAt >= limits.absoluteMs) return { valid: false, reason: "expired" };
  if (now - times.lastSeenAt >= limits.idleMs) return { valid: false, reason: "idle" };
  return { valid: true, touch: now - times.lastSeenAt >= TOUCH_INTERVAL_MS };
}
