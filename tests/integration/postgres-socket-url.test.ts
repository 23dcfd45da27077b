import pg from "pg";
import { describe, expect, it } from "vitest";
import { openStore } from "@/db/client";

/**
 * A `DATABASE_URL` naming a Unix-socket folder, libpq style (`?host=/folder`, lib/domain/postgres-url.ts),
 * reaches PostgreSQL on that socket from both of the hub's drivers: postgres.js (the store, both of
 * its pools) and node-pg (the Socket.IO cluster adapter). scripts/test-all.mjs hands the throwaway
 * cluster's socket URL over as TEST_DATABASE_SOCKET_URL.
 */
const socketUrl = process.env.TEST_DATABASE_SOCKET_URL;

// inet_server_addr() is the server's address on this connection: null on a Unix-domain socket.
const SERVER_ADDRESS = "select inet_server_addr()::text as address";

describe.skipIf(!socketUrl)("DATABASE_URL with a Unix-socket folder", () => {
  it("the store's main pool and its short-statement lane connect over the socket", async () => {
    expect(socketUrl).toMatch(/\?host=%2F/);
    const store = await openStore({ databaseUrl: socketUrl!, dataDir: "unused", poolSize: 1 });
    try {
      expect(await store.query(SERVER_ADDRESS, [])).toEqual([{ address: null }]);
      expect(await store.query(SERVER_ADDRESS, [], { short: true })).toEqual([{ address: null }]);
    } finally {
      await store.close();
    }
  });

  it("the same cluster over TCP answers with its address (the check above can tell them apart)", async () => {
    const store = await openStore({ databaseUrl: process.env.DATABASE_URL!, dataDir: "unused", poolSize: 1 });
    try {
      expect(await store.query(SERVER_ADDRESS, [])).toEqual([{ address: "127.0.0.1/32" }]);
    } finally {
      await store.close();
    }
  });

  it("node-pg (the cluster adapter's driver) reads the same URL", async () => {
    const pool = new pg.Pool({ connectionString: socketUrl, max: 1 });
    try {
      const { rows } = await pool.query(SERVER_ADDRESS);
      expect(rows).toEqual([{ address: null }]);
    } finally {
      await pool.end();
    }
  });
});
