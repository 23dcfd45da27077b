import { sql } from "drizzle-orm";
import { getStore, rowsOf } from "./store";

/**
 * Retention of queued direct method calls (their receipts): rows queued more than `retentionHours`
 * ago go, whatever their status (a call waits at most 300 s, so an old `pending` row is one whose
 * server process died). Idempotent, so several nodes may run it.
 */
export async function deleteExpiredMethodCalls(retentionHours: number, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionHours * 3_600_000).toISOString();
  const { db } = await getStore();
  const deleted = await rowsOf(db, sql`delete from method_calls where queued_at < ${cutoff} returning 1`);
  return deleted.length;
}
