import { sql } from "drizzle-orm";
import { getStore, rowsOf } from "./store";

const BATCH = 5000;

/**
 * The retention sweep: deletes telemetry older than `retentionHours`, in batches so a large backlog
 * never holds one long transaction. Idempotent, so several nodes may run it.
 */
export async function deleteExpiredMessages(retentionHours: number, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionHours * 3_600_000).toISOString();
  const { db } = await getStore();
  let total = 0;
  for (;;) {
    const deleted = await rowsOf(
      db,
      sql`delete from messages where id in (select id from messages where enqueued_at < ${cutoff} limit ${BATCH}) returning 1`,
    );
    total += deleted.length;
    if (deleted.length < BATCH) return total;
  }
}
