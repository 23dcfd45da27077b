import { sql } from "drizzle-orm";
import { getStore, rowsOf } from "./store";

/** Rows per delete statement: each is a short transaction of its own. */
const BATCH = 10_000;

/**
 * Deletes change-feed rows older than `hours` and returns how many. Consoles that come back after
 * that long resync instead of replaying (lib/domain/change-feed/resume.ts); nothing else reads old
 * rows (the relays tail the newest ones).
 *
 * `changes` has no index on `at` (every twin write would pay for one), so the cut is found by a
 * binary search over `seq` on the primary key: `at` is the writing transaction's start, which grows
 * with `seq`, give or take a transaction that ran long, which moves the cut by that much. The newest
 * row is always kept, so the oldest seq stored still tells a resuming socket what was deleted.
 */
export async function pruneChangeFeed(hours: number, now: Date): Promise<number> {
  const { db } = await getStore();
  const cutoff = new Date(now.getTime() - hours * 3_600_000).toISOString();
  const [bounds] = await rowsOf<{ lo: string | number | null; hi: string | number | null }>(db, sql`select min(seq) as lo, max(seq) as hi from changes`);
  if (bounds?.lo == null || bounds.hi == null) return 0;
  const newest = Number(bounds.hi);
  // The first seq at or after the cut: every row below it is older than `cutoff`.
  let lo = Number(bounds.lo);
  let hi = newest;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const [row] = await rowsOf<{ seq: string | number; old: boolean }>(
      db,
      sql`select seq, at < ${cutoff}::timestamptz as old from changes where seq >= ${mid} order by seq limit 1`,
    );
    if (row?.old) lo = Math.min(Number(row.seq) + 1, newest);
    else hi = mid;
  }
  let deleted = 0;
  for (let from = Number(bounds.lo); from < lo; from += BATCH) {
    const [row] = await rowsOf<{ n: number }>(
      db,
      sql`with gone as (delete from changes where seq >= ${from} and seq < ${Math.min(from + BATCH, lo)} returning 1) select count(*)::int as n from gone`,
    );
    deleted += row?.n ?? 0;
  }
  return deleted;
}
