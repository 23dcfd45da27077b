import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgres, suffix } from "./support/api";

/**
 * postgres.js 3.4.9 could send a transaction's BEGIN without keeping its connection to itself when
 * every connection was busy (porsager/postgres#823): the transaction failed with UNSAFE_TRANSACTION,
 * or ordinary queries were pipelined into someone else's open transaction and rolled back with it,
 * after they had been answered as done. patches/postgres+3.4.9.patch fixes that; this reproduces the
 * load that triggered it with the driver options the hub uses.
 */
describe.skipIf(!isPostgres())("PostgreSQL driver under load", () => {
  // A short pipeline makes the boundary the bug needed (BEGIN filling a connection's pipeline) frequent.
  const sql = postgres(process.env.DATABASE_URL!, { max: 3, max_pipeline: 2, onnotice: () => {}, prepare: true } as Parameters<typeof postgres>[1]);
  const table = `driver_probe_${suffix()}`;
  beforeAll(() => sql.unsafe(`create table ${table} (id serial primary key, source text not null)`));
  afterAll(async () => {
    await sql.unsafe(`drop table if exists ${table}`);
    await sql.end({ timeout: 5 });
  });

  it("a write answered as done outside a transaction is never rolled back with someone else's", async () => {
    let plainDone = 0;
    for (let round = 0; round < 10; round++) {
      const hold = Array.from({ length: 3 }, () => sql`select pg_sleep(0.02)`);
      // Transactions interleaved with a backlog of plain writes, so that some BEGIN lands in a busy
      // connection's pipeline and some at its 100-query boundary.
      const work = Array.from({ length: 700 }, (_, i) =>
        i % 7 === 3
          ? sql
              .begin(async (tx) => {
                await tx.unsafe(`insert into ${table} (source) values ('tx')`);
                throw new Error("roll back");
              })
              .catch((error: Error) => {
                if (error.message !== "roll back") throw error;
              })
          : sql.unsafe(`insert into ${table} (source) values ('plain')`).then(() => plainDone++),
      );
      const results = await Promise.allSettled([...hold, ...work]);
      expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    }
    const [counts] = await sql.unsafe<{ plain: string; tx: string }[]>(
      `select count(*) filter (where source = 'plain') as plain, count(*) filter (where source = 'tx') as tx from ${table}`,
    );
    expect({ plain: Number(counts!.plain), tx: Number(counts!.tx) }).toEqual({ plain: plainDone, tx: 0 });
  });
});
