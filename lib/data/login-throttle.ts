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

export async function writeLoginThrottle(username: string, clientAddress: string, state: ThrottleState) {
  const { db } = await getStore();
  const lockedUntil = state.lockedUntil === null ? null : new Date(state.lockedUntil).toISOString();
  await rowsOf(
    db,
    sql`insert into login_throttle (username, client_address, failures, window_started_at, locked_until)
        values (${username}, ${clientAddress}, ${state.failures}, ${new Date(state.windowStartedAt).toISOString()}, ${lockedUntil})
        on conflict (username, client_address) do update set failures = excluded.failures,
          window_started_at = excluded.window_started_at, locked_until = excluded.locked_until`,
  );
}

export async function clearLoginThrottle(username: string, clientAddress: string) {
  const { db } = await getStore();
  await rowsOf(db, sql`delete from login_throttle where username = ${username} and client_address = ${clientAddress}`);
}
