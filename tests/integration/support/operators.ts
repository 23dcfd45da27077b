import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { expect } from "vitest";
import { hashPassword } from "@/lib/auth/password-hash";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { ensureDefaultPolicies, forgetCachedPolicies } from "@/lib/data/access-policies";
import { createUser, type UserDto } from "@/lib/data/operator-users";
import { openStore, type Store } from "@/db/client";
import type { Role } from "@/lib/domain/access";
import { callApi, isPostgres, OWNER_KEY, sqlRows, suffix, type ApiResponse, type CallOptions, type Loose } from "./api";

/**
 * Operator-console helpers: users created straight in the store (setup works only while no user
 * exists, and files share one PostgreSQL database), sign-in through the real login route, and
 * cookie-authenticated calls from the console's own origin.
 */

/** callApi builds `http://localhost/<path>`; the same-origin check compares Origin with Host. */
export const SAME_ORIGIN = { origin: "http://localhost", host: "localhost" } as const;
export const FOREIGN_ORIGIN = { origin: "https://evil.example", host: "localhost" } as const;
export const CLIENT_ADDRESS_HEADER = "x-edgedeck-client-address";

export type TestUser = UserDto & { password: string };
export type Session = TestUser & { cookie: string; token: string };

export const newPassword = () => `pw-${randomBytes(12).toString("base64url")}`;
export const uniqueUsername = (prefix = "it") => `${prefix}-${suffix()}${suffix()}`.toLowerCase();
export const randomAddress = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

/** Creates a user directly in the store (audit actor `test`). */
export async function makeUser(role: Role, options: { username?: string; password?: string } = {}): Promise<TestUser> {
  const username = options.username ?? uniqueUsername(`it-${role}`);
  const password = options.password ?? newPassword();
  const user = await createUser({ username, passwordHash: await hashPassword(password), role }, { actor: "test", now: new Date(), clientAddress: null });
  return { ...user, password };
}

/** POST /api/auth/login from the console's origin. */
export function postLogin(username: string, password: string, headers: Record<string, string | null> = {}) {
  return callApi("POST", "/api/auth/login", {
    auth: false,
    body: { username, password },
    headers: { ...SAME_ORIGIN, [CLIENT_ADDRESS_HEADER]: "192.0.2.10", ...headers },
  });
}

/** The session token in a login response's Set-Cookie, or null. */
export function tokenOf(res: ApiResponse): string | null {
  const header = res.headers.get("set-cookie") ?? "";
  const match = new RegExp(`(?:^|[;,]\\s*)${SESSION_COOKIE}=([^;]*)`).exec(header);
  return match && match[1] ? match[1] : null;
}

export async function signInAs(user: TestUser, headers: Record<string, string | null> = {}): Promise<Session> {
  const res = await postLogin(user.username, user.password, headers);
  expect(res.status, res.text).toBe(200);
  const token = tokenOf(res);
  expect(token).toBeTruthy();
  return { ...user, token: token!, cookie: `${SESSION_COOKIE}=${token}` };
}

/** A fresh user with this role, signed in. */
export async function signIn(role: Role): Promise<Session> {
  return signInAs(await makeUser(role));
}

/**
 * callApi with the session cookie instead of a SAS token, from the console's origin unless the
 * caller overrides `origin`/`referer`/`host` (a `null` header value removes it).
 */
export function asUser<T = Loose>(
  session: { cookie: string } | string,
  method: string,
  path: string,
  options: Omit<CallOptions, "auth" | "policy"> = {},
): Promise<ApiResponse<T>> {
  const cookie = typeof session === "string" ? session : session.cookie;
  return callApi<T>(method, path, {
    ...options,
    auth: false,
    headers: { ...SAME_ORIGIN, cookie, ...options.headers },
  });
}

export function sessionRows(userId: string) {
  return sqlRows<{ token_hash: string; created_at: Date | string; last_seen_at: Date | string }>(
    "select token_hash, created_at, last_seen_at from sessions where user_id = $1",
    [userId],
  );
}

// ---------------------------------------------------------------------------------------------
// Policy quota coordination

/**
 * The hub holds at most 16 shared access policies. On PostgreSQL all files share one database, so the
 * test that fills the hub to the quota takes an exclusive advisory lock while it does, and every other
 * test that creates a policy holds the shared lock while its policy exists (on PGlite each file has its
 * own database and this is a no-op).
 */
const POLICY_LOCK_KEY = 7_310_041;

export async function withPolicyLock<T>(mode: "shared" | "exclusive", fn: () => Promise<T>): Promise<T> {
  if (!isPostgres()) return fn();
  const client = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    if (mode === "shared") await client`select pg_advisory_lock_shared(${POLICY_LOCK_KEY})`;
    else await client`select pg_advisory_lock(${POLICY_LOCK_KEY})`;
    return await fn();
  } finally {
    await client.end({ timeout: 5 });
  }
}

// ---------------------------------------------------------------------------------------------
// A database of one's own

/**
 * Runs `fn` against a database nobody else writes to, for rules about the whole user table (the
 * last admin) that parallel files on the shared PostgreSQL database would disturb. On PostgreSQL a
 * fresh database is created on the same cluster and swapped in as the process's store for the
 * duration (tests in one file run one at a time, so nothing else uses the store meanwhile); on PGlite
 * the file's in-memory database already is one's own. The owner policy exists with OWNER_KEY.
 */
export async function withOwnDatabase<T>(fn: () => Promise<T>): Promise<T> {
  if (!isPostgres()) return fn();
  const name = `edgedeck_own_${suffix()}`;
  await sqlRows(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const holder = globalThis as unknown as { __edgedeckStore?: Promise<Store> };
  const saved = holder.__edgedeckStore;
  const own = openStore({ databaseUrl: url.toString(), dataDir: "memory://unused", poolSize: 5 });
  holder.__edgedeckStore = own;
  forgetCachedPolicies();
  try {
    await own;
    await ensureDefaultPolicies({ ownerKey: OWNER_KEY });
    return await fn();
  } finally {
    holder.__edgedeckStore = saved;
    forgetCachedPolicies();
    await (await own).close();
    await sqlRows(`drop database ${name} with (force)`);
  }
}
