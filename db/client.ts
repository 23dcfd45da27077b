import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { postgresTarget } from "@/lib/domain/postgres-url";
import * as schema from "./schema";
import { acquireDataDirLock } from "./data-dir-lock";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type StoreKind = "postgres" | "pglite";

export type StoreOptions = {
  /** PostgreSQL URL; absent means embedded PGlite. */
  databaseUrl?: string;
  /** Folder for PGlite; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** Connections in the postgres.js pool. */
  poolSize?: number;
};

export type Store = {
  kind: StoreKind;
  db: Db;
  /**
   * Runs a parameterised statement ($1..$n) and returns its rows. `prepare` keeps a server-side
   * prepared statement per connection (for hot, fixed-text reads; not for generated query text).
   */
  query<T = Record<string, unknown>>(text: string, params: unknown[], options?: QueryOptions): Promise<T[]>;
  /** LISTEN on a channel; `onListen` runs after every (re)connect so the caller can catch up. */
  listen(channel: string, onNotify: (payload: string) => void, onListen: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export type QueryOptions = {
  prepare?: boolean;
  /**
   * A single short statement on the hot path (twin writes, reported writes): it runs on a small
   * connection pool of its own where concurrent statements are pipelined, several per socket write
   * and per wake-up of a PostgreSQL backend, and where no slow fleet query can hold it up. Only for
   * statements that finish in well under a millisecond.
   */
  short?: boolean;
};

/** Connections of the short-statement lane (QueryOptions.short), beside the main pool. */
export const SHORT_LANE_CONNECTIONS = 2;

export const CHANGE_CHANNEL = "edgedeck_changes";
const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

async function openPostgres(databaseUrl: string, poolSize: number): Promise<Store> {
  // A Unix-socket folder in the URL (libpq's `?host=/folder`) becomes postgres.js's `host` option.
  const { url, socketDir } = postgresTarget(databaseUrl);
  const target = socketDir ? { host: socketDir } : {};
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");

  // Migrate on a single connection under an advisory lock so several nodes can start together.
  const migrator = postgres(url, { ...target, max: 1, onnotice: () => {} });
  try {
    await migrator`select pg_advisory_lock(7311)`;
    await migrate(drizzle(migrator), { migrationsFolder });
    await migrator`select pg_advisory_unlock(7311)`;
  } finally {
    await migrator.end();
  }

  // `socket` is a documented postgres.js option missing from its type definitions.
  const connect = (max: number) =>
    postgres(url, { ...target, max, onnotice: () => {}, prepare: true, socket: connectWithoutNagle } as unknown as Parameters<typeof postgres>[1]);
  const client = connect(poolSize);
  const shortLane = connect(SHORT_LANE_CONNECTIONS);
  const db = drizzle(client, { schema }) as unknown as Db;
  // drizzle installs its own value parsers and serializers on the client it wraps (timestamps as
  // text, json parameters passed through as given); the short lane must read and write the same.
  drizzle(shortLane, { schema });
  return {
    kind: "postgres",
    db,
    query: async (text, params, options) =>
      (await (options?.short ? shortLane : client).unsafe(text, params as never[], { prepare: options?.prepare ?? false })) as never,
    listen: async (channel, onNotify, onListen) => {
      const sub = await client.listen(channel, onNotify, onListen);
      return () => sub.unlisten();
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), shortLane.end({ timeout: 5 })]);
    },
  };
}

/**
 * postgres.js leaves Nagle's algorithm on: a transaction's small writes then wait for delayed ACKs
 * and a BEGIN…COMMIT of four statements took ~25 ms on loopback (400 transactions/s at 16 workers,
 * measured). Sockets with TCP_NODELAY remove the stall. postgres.js treats a socket returned from
 * `socket` as connected, so resolve only once it is.
 */
function connectWithoutNagle(options: { host: string[]; port: number[]; path?: string | false }): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = options.path
      ? net.connect({ path: options.path })
      : net.connect({ host: options.host[0], port: options.port[0], noDelay: true });
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

async function openPglite(dataDir: string): Promise<Store> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");

  const inMemory = dataDir.startsWith("memory://");
  let releaseLock = () => {};
  let pgDir = dataDir;
  if (!inMemory) {
    pgDir = path.join(dataDir, "pglite");
    fs.mkdirSync(pgDir, { recursive: true });
    releaseLock = acquireDataDirLock(dataDir);
  }
  const pg = inMemory ? new PGlite() : new PGlite(pgDir);
  await pg.waitReady;
  const db = drizzle(pg, { schema }) as unknown as Db;
  await migrate(db as never, { migrationsFolder });
  return {
    kind: "pglite",
    db,
    query: async (text, params) => (await pg.query(text, params)).rows as never,
    listen: async (channel, onNotify, onListen) => {
      const unlisten = await pg.listen(channel, onNotify);
      onListen();
      return () => unlisten();
    },
    close: async () => {
      await pg.close();
      releaseLock();
    },
  };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options.dataDir);
}
