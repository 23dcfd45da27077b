import { describe, expect, it } from "vitest";
import { pruneChangeFeed } from "@/lib/data/prune-change-feed";
import { planResume } from "@/lib/domain/change-feed/resume";
import { sqlRows } from "./support/api";
import { withOwnDatabase } from "./support/operators";

type Row = { seq: string | number; kind: string };
const feed = async () => (await sqlRows<Row>("select seq, kind from changes order by seq")).map((r) => ({ seq: Number(r.seq), kind: r.kind }));
const oldest = async () => {
  const [row] = await sqlRows<{ seq: string | number | null }>("select min(seq) as seq from changes");
  return row?.seq == null ? null : Number(row.seq);
};

describe("change-feed retention", () => {
  // In a database of its own: the sweep deletes every old row, whoever wrote it.
  it("deletes rows older than the retention in batches, keeps the rest, and a resume point before what is kept resyncs", async () => {
    await withOwnDatabase(async () => {
      await sqlRows("delete from changes");
      // More than one delete batch of rows from two days ago, then a few from now.
      await sqlRows("insert into changes (kind, device_id, at) select 'test.old', 'retention', now() - interval '48 hours' from generate_series(1, 25001)");
      await sqlRows("insert into changes (kind, device_id, at) select 'test.new', 'retention', now() from generate_series(1, 5)");
      const before = await feed();
      const lastOld = before.filter((r) => r.kind === "test.old").at(-1)!.seq;
      const firstNew = before.find((r) => r.kind === "test.new")!.seq;

      expect(await pruneChangeFeed(24, new Date())).toBe(25_001);
      expect((await feed()).map((r) => r.kind)).toEqual(Array(5).fill("test.new"));
      expect(await oldest()).toBe(firstNew);
      expect(await pruneChangeFeed(24, new Date()), "a second sweep finds nothing more").toBe(0);

      // A console that last saw an event the sweep deleted refetches; one that saw the last deleted
      // event, or a kept one, gets the replay.
      expect(planResume(lastOld - 1, await oldest())).toEqual({ kind: "resync" });
      expect(planResume(firstNew - 1, await oldest())).toEqual({ kind: "replay", since: firstNew - 1 });

      // Everything older than the retention: the newest row stays, so the oldest seq still tells.
      const newest = (await feed()).at(-1)!.seq;
      expect(await pruneChangeFeed(1, new Date(Date.now() + 3 * 3_600_000))).toBe(4);
      expect((await feed()).map((r) => r.seq)).toEqual([newest]);
    });
  });

  it("does nothing on an empty feed", async () => {
    await withOwnDatabase(async () => {
      await sqlRows("delete from changes");
      expect(await pruneChangeFeed(24, new Date())).toBe(0);
    });
  });
});
