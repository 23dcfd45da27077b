import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { pruneChangeFeed } from "@/lib/data/prune-change-feed";
import { getStore } from "@/lib/data/store";
import { startRealtime } from "@/lib/realtime/server/socket-server";
import { sasToken, sqlRows } from "./support/api";
import { withOwnDatabase } from "./support/operators";

type Row = { seq: string | number; kind: string };
const feed = async () => (await sqlRows<Row>("select seq, kind from changes order by seq")).map((r) => ({ seq: Number(r.seq), kind: r.kind }));
const oldest = async () => {
  const [row] = await sqlRows<{ seq: string | number | null }>("select min(seq) as seq from changes");
  return row?.seq == null ? null : Number(row.seq);
};

/**
 * What a console resuming in room `device:retention` from `since` is sent, through the real
 * Socket.IO server on this file's store: the subscribe answer, and whether it was told to resync.
 */
async function resumeFrom(since: number) {
  const httpServer = createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const realtime = await startRealtime(httpServer, await getStore(), { maxCatchUp: 1000 });
  const socket = io(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, {
    auth: { token: await sasToken() },
    transports: ["websocket"],
    reconnection: false,
  });
  try {
    let resync = false;
    const replayed: number[] = [];
    socket.on("resync", () => (resync = true));
    socket.on("changes", (batch: { seq: number }[]) => replayed.push(...batch.map((c) => c.seq)));
    const ack = (await socket.emitWithAck("subscribe", { room: "device:retention", since })) as { ok: boolean; replayed: number };
    // Events sent before the answer arrive before it (one ordered connection).
    return { ack, resync, replayed };
  } finally {
    socket.close();
    await realtime.close();
    await new Promise((resolve) => httpServer.close(resolve));
  }
}

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
      // event gets the replay of every kept one.
      expect(await resumeFrom(lastOld - 1)).toEqual({ ack: expect.objectContaining({ ok: true, replayed: 0 }), resync: true, replayed: [] });
      const kept = (await feed()).map((r) => r.seq);
      expect(await resumeFrom(firstNew - 1)).toEqual({ ack: expect.objectContaining({ ok: true, replayed: 5 }), resync: false, replayed: kept });

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
