import type { SQL } from "drizzle-orm";
import { openStore, type Store } from "@/db/client";
import { env } from "@/lib/env";

/**
 * One store per process. Route handlers are bundled apart from server.ts, so module-level
 * singletons are not shared between them: the store lives on globalThis.
 */
const holder = globalThis as unknown as { __edgedeckStore?: Promise<Store> };

export function getStore(): Promise<Store> {
  holder.__edgedeckStore ??= openStore({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR.startsWith("memory://") ? env.DATA_DIR : env.dataDir,
    poolSize: env.DATABASE_POOL_SIZE,
  }).catch((error) => {
    holder.__edgedeckStore = undefined;
    throw error;
  });
  return holder.__edgedeckStore;
}

export async function closeStore(): Promise<void> {
  const pending = holder.__edgedeckStore;
  holder.__edgedeckStore = undefined;
  if (pending) await (await pending).close();
}

export type Executor = { execute(query: SQL): Promise<unknown> };

type PostgresJsExecutor = {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: { client: { unsafe(text: string, params: unknown[], options: { prepare: boolean }): Promise<unknown[]> } };
};

/**
 * Rows of a statement on the db or inside a transaction, whatever the driver returns.
 *
 * On PostgreSQL the statement runs as a prepared statement (cached per connection by its text).
 * drizzle's `execute` sends every statement unprepared, so PostgreSQL parsed and planned each one
 * again: a twin write's transaction ran at a third of the raw driver's rate (measured, bench/).
 * This reaches into drizzle's session for the postgres.js client; PGlite keeps `execute`.
 */
export async function rowsOf<T = Record<string, unknown>>(executor: Executor, query: SQL): Promise<T[]> {
  const postgresJs = executor as unknown as Partial<PostgresJsExecutor>;
  if (typeof postgresJs.session?.client?.unsafe === "function" && postgresJs.dialect) {
    const { sql: text, params } = postgresJs.dialect.sqlToQuery(query);
    return (await postgresJs.session.client.unsafe(text, params, { prepare: true })) as T[];
  }
  const result = await executor.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
