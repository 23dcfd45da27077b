import { sql } from "drizzle-orm";
import type { Role } from "@/lib/domain/access";
import { getStore, rowsOf } from "./store";
import { parseDbTime } from "./timestamps";

export type SessionRecord = {
  userId: string;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
  lastSeenAt: number;
};

const ms = (v: string | Date) => parseDbTime(v)?.getTime() ?? 0;

export async function createSession(input: { tokenHash: string; userId: string; clientAddress: string | null; userAgent: string | null }) {
  const { db } = await getStore();
  await rowsOf(
    db,
    sql`insert into sessions (token_hash, user_id, client_address, user_agent)
        values (${input.tokenHash}, ${input.userId}, ${input.clientAddress}, ${input.userAgent?.slice(0, 512) ?? null})`,
  );
}

export async function findSession(tokenHash: string): Promise<SessionRecord | undefined> {
  const { db } = await getStore();
  const [row] = await rowsOf<{
    user_id: string;
    username: string;
    role: Role;
    disabled: boolean;
    created_at: string | Date;
    last_seen_at: string | Date;
  }>(
    db,
    sql`select s.user_id, u.username, u.role, u.disabled, s.created_at, s.last_seen_at
        from sessions s join users u on u.id = s.user_id where s.token_hash = ${tokenHash}`,
  );
  if (!row) return undefined;
  return {
    userId: row.user_id,
    username: row.username,
    role: row.role,
    disabled: row.disabled,
    createdAt: ms(row.created_at),
    lastSeenAt: ms(row.last_seen_at),
  };
}

export async function touchSession(tokenHash: string, now: Date) {
  const { db } = await getStore();
  await rowsOf(db, sql`update sessions set last_seen_at = ${now.toISOString()} where token_hash = ${tokenHash}`);
}

export async function deleteSession(tokenHash: string) {
  const { db } = await getStore();
  await rowsOf(db, sql`delete from sessions where token_hash = ${tokenHash}`);
}

/** Sessions past either limit, removed by the periodic sweep (expiry is also checked on use). */
export async function deleteExpiredSessions(now: Date, limits: { idleMs: number; absoluteMs: number }) {
  const { db } = await getStore();
  await rowsOf(
    db,
    sql`delete from sessions where last_seen_at < ${new Date(now.getTime() - limits.idleMs).toISOString()}
          or created_at < ${new Date(now.getTime() - limits.absoluteMs).toISOString()}`,
  );
}
