import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import type { Role } from "@/lib/domain/access";
import { ADVISORY_LOCKS } from "./advisory-locks";
import type { WriteContext } from "./create-or-update-device";
import { recordAudit } from "./record-audit";
import { getStore, rowsOf, type Executor } from "./store";
import { parseDbTime } from "./timestamps";

type UserRow = { id: string; username: string; role: Role; disabled: boolean; created_at: string | Date; password_hash: string };

export type UserDto = { id: string; username: string; role: Role; disabled: boolean; createdAt: string };

const toUserDto = (row: UserRow): UserDto => ({
  id: row.id,
  username: row.username,
  role: row.role,
  disabled: row.disabled,
  createdAt: parseDbTime(row.created_at)?.toISOString() ?? "",
});

export async function countUsers(): Promise<number> {
  const { db } = await getStore();
  const [row] = await rowsOf<{ n: string | number }>(db, sql`select count(*) as n from users`);
  return Number(row.n);
}

/**
 * Creates a user. With `onlyIfFirst`, succeeds only while no user exists (the one-time setup page):
 * two browsers racing through setup cannot both create an admin.
 */
export async function createUser(
  input: { username: string; passwordHash: string; role: Role; onlyIfFirst?: boolean },
  context: WriteContext,
): Promise<UserDto> {
  const { db } = await getStore();
  return db.transaction(async (tx) => {
    if (input.onlyIfFirst) await rowsOf(tx, sql`lock table users in exclusive mode`);
    const guard = input.onlyIfFirst ? sql`where not exists (select 1 from users)` : sql``;
    const rows = await rowsOf<UserRow>(
      tx,
      sql`insert into users (id, username, password_hash, role)
          select ${randomUUID()}, ${input.username}, ${input.passwordHash}, ${input.role} ${guard}
          on conflict (username) do nothing
          returning *`,
    );
    if (rows.length === 0) {
      throw input.onlyIfFirst
        ? new AppError("Conflict", "EdgeDeck is already set up: sign in instead", { path: "username" })
        : new AppError("Conflict", `A user named '${input.username}' already exists`, { path: "username" });
    }
    const user = toUserDto(rows[0]);
    await recordAudit({ ...auditOf(context, user.id), action: "user.create", after: user }, tx);
    return user;
  });
}

export async function findUserForLogin(username: string): Promise<UserRow | undefined> {
  const { db } = await getStore();
  const [row] = await rowsOf<UserRow>(db, sql`select * from users where username = ${username}`);
  return row;
}

export async function getUser(id: string): Promise<UserDto & { passwordHash: string }> {
  const { db } = await getStore();
  const [row] = await rowsOf<UserRow>(db, sql`select * from users where id = ${id}`);
  if (!row) throw new AppError("NotFound", `No user with id ${id}`, { path: "userId" });
  return { ...toUserDto(row), passwordHash: row.password_hash };
}

export async function listUsers(): Promise<UserDto[]> {
  const { db } = await getStore();
  return (await rowsOf<UserRow>(db, sql`select * from users order by username`)).map(toUserDto);
}

/**
 * Changes role, disabled flag or password. Disabling a user or changing the password ends their
 * other sessions (all of them when an admin does it; all but the caller's own on a self-service
 * password change).
 */
export async function updateUser(
  id: string,
  changes: { role?: Role; disabled?: boolean; passwordHash?: string; keepSessionTokenHash?: string },
  context: WriteContext,
): Promise<UserDto> {
  const { db } = await getStore();
  return db.transaction(async (tx) => {
    // Role and disable changes are serialised hub-wide, so two admins demoting each other at once
    // cannot both pass the "another admin remains" check (and cannot deadlock on each other's rows).
    if (changes.role !== undefined || changes.disabled !== undefined) {
      await rowsOf(tx, sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.operatorRoles})`);
    }
    const [before] = await rowsOf<UserRow>(tx, sql`select * from users where id = ${id} for update`);
    if (!before) throw new AppError("NotFound", `No user with id ${id}`, { path: "userId" });
    if ((changes.role && changes.role !== "admin") || changes.disabled) await assertAnotherAdmin(tx, before);
    const [after] = await rowsOf<UserRow>(
      tx,
      sql`update users set role = ${changes.role ?? before.role}, disabled = ${changes.disabled ?? before.disabled},
            password_hash = ${changes.passwordHash ?? before.password_hash},
            password_changed_at = ${changes.passwordHash ? sql`now()` : sql`password_changed_at`}
          where id = ${id} returning *`,
    );
    if (changes.disabled || changes.passwordHash) {
      await rowsOf(
        tx,
        sql`delete from sessions where user_id = ${id} and token_hash <> ${changes.keepSessionTokenHash ?? ""}`,
      );
    }
    const action = changes.passwordHash ? "user.password" : changes.disabled !== undefined ? (changes.disabled ? "user.disable" : "user.enable") : "user.role";
    await recordAudit({ ...auditOf(context, id), action, before: toUserDto(before), after: toUserDto(after) }, tx);
    return toUserDto(after);
  });
}

/** The last enabled admin cannot be demoted or disabled: nobody could manage users afterwards. */
async function assertAnotherAdmin(tx: Executor, user: UserRow) {
  if (user.role !== "admin" || user.disabled) return;
  const [row] = await rowsOf<{ n: string | number }>(
    tx,
    sql`select count(*) as n from users where role = 'admin' and not disabled and id <> ${user.id}`,
  );
  if (Number(row.n) === 0) {
    throw new AppError("Conflict", "This is the last enabled admin: make someone else admin first", { path: "role" });
  }
}

const auditOf = (context: WriteContext, userId: string) => ({
  actor: context.actor,
  clientAddress: context.clientAddress,
  targetKind: "user" as const,
  targetId: userId,
});
