import { deleteExpiredSessions } from "@/lib/data/operator-sessions";
import { pruneAuditLog } from "@/lib/data/list-audit-entries";
import { sessionLimits } from "@/lib/auth/session-principal";
import { env } from "@/lib/env";

const EVERY_MS = 10 * 60_000;

/**
 * Periodic clean-up: expired sessions and audit entries past AUDIT_RETENTION_DAYS. Idempotent, so
 * it is harmless when several nodes run it; expiry is also enforced on every use of a session.
 */
export function startHousekeeping(): () => void {
  const run = async () => {
    try {
      const now = new Date();
      await deleteExpiredSessions(now, sessionLimits());
      await pruneAuditLog(env.AUDIT_RETENTION_DAYS, now);
    } catch (error) {
      console.error("[housekeeping] failed", error);
    }
  };
  void run();
  const timer = setInterval(() => void run(), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
