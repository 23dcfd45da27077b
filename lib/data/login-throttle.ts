import { sql } from "drizzle-orm";
import type { ThrottleState } from "@/lib/domain/access";
import { getStore, rowsOf } from "./store";
import { parseDbTime } from "./timestamps";

const ms = (v: string | Date | null) => parseDbTime(v)?.getTime() ?? null;

export async function readLoginThrottle(username: string, clientAddress: string): Promise<ThrottleState | null> {
  const { db } = await getStore();
  const [row] = await rowsOf<{ failures: number; window_started_at: string | Date; locked_until: string | Date | null }>(
    db,
    sql`select failures, window_started_at, locked_until from login_throttle
        where username = ${username} and client_address = ${clientAddress}`,
  );
  return row ? { failures: row.failures, windowStartedAt: ms(row.window_started_at)!, lockedUntil: ms(row.locked_until) } : null;
}

/**
 * Counts one failed sign-in. The row is created if missing, then locked while the next state is
 * computed, so a burst of parallel wrong passwords is counted in full (a plain read-modify-write
 * lost updates and let bursts through).
 */
export async function recordLoginFailure(
  username: string,
  clientAddress: string,
  now: Date,
  next: (current: ThrottleState) => ThrottleState,
): Promise<ThrottleState> {
  const { db } = await getStore();
  return db.transaction(async (tx) => {
    await rowsOf(
      tx,
      sql`insert into login_throttle (username, client_address, failures, window_started_at)
          values (${username}, ${clientAddress}, 0, ${now.toISOString()}) on conflict do nothing`,
    );
    const [row] = await rowsOf<{ failures: number; window_started_at: string | Date; locked_until: string | Date | null }>(
      tx,
      sql`select failures, window_started_at, locked_until from login_throttle
          where username = ${username} and client_address = ${clientAddress} for update`,
    );
    const state = next({ failures: row.failures, windowStartedAt: ms(row.window_started_at)!, lockedUntil: ms(row.locked_until) });
    await rowsOf(
      tx,
      sql`update login_throttle set failures = ${state.failures},
            window_started_at = ${new Date(state.windowStartedAt).toISOString()},
            locked_until = ${state.lockedUntil === null ? null : new Date(state.lockedUntil).toISOString()}
          where username = ${username} and client_address = ${clientAddress}`,
    );
    return state;
  });
}

export async function clearLoginThrottle(username: string, clientAddress: string) {
  const { db } = await getStore();
  await rowsOf(db, sql`delete from login_throttle where username = ${username} and client_address = ${clientAddress}`);
}

/** Counters whose window and lock are both over hold no information any more. */
export async function deleteStaleLoginThrottle(now: Date, windowMs: number) {
  const { db } = await getStore();
  const cutoff = new Date(now.getTime() - windowMs).toISOString();
  await rowsOf(
    db,
    sql`delete from login_throttle where window_started_at < ${cutoff} and (locked_until is null or locked_until < ${now.toISOString()})`,
  );
}
