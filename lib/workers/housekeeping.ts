import { deleteExpiredSessions } from "@/lib/data/operator-sessions";
import { pruneAuditLog } from "@/lib/data/list-audit-entries";
import { pruneChangeFeed } from "@/lib/data/prune-change-feed";
import { sessionLimits } from "@/lib/auth/session-principal";
import { env } from "@/lib/env";
import { deleteStaleLoginThrottle } from "@/lib/data/login-throttle";
import { DEFAULT_THROTTLE } from "@/lib/domain/access";

const EVERY_MS = 10 * 60_000;

/**
 * Periodic clean-up: expired sessions, audit entries past AUDIT_RETENTION_DAYS, change-feed rows past
 * CHANGE_FEED_RETENTION_HOURS, stale sign-in counters. Idempotent, so
 * it is harmless when several nodes run it; expiry is also enforced on every use of a session.
 */
export function startHousekeeping(): () => void {
  const run = async () => {
    try {
      const now = new Date();
      await deleteExpiredSessions(now, sessionLimits());
      await pruneAuditLog(env.AUDIT_RETENTION_DAYS, now);
      await pruneChangeFeed(env.CHANGE_FEED_RETENTION_HOURS, now);
      await deleteStaleLoginThrottle(now, DEFAULT_THROTTLE.windowMs);
    } catch (error) {
      console.error("[housekeeping] failed", error);
    }
  };
  void run();
  const timer = setInterval(() => void run(), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
