import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTE_PRIORITY, effectiveTtlSecs, isExpired, MessageStore, queueName, type StoredMessage } from "./store-and-forward";

const S = 1000;
let seq = 0;
const msg = (over: Partial<StoredMessage>): StoredMessage => ({
  seq: ++seq,
  module: "m",
  output: "o",
  endpoint: "$upstream",
  priority: DEFAULT_ROUTE_PRIORITY,
  ttlSecs: 60,
  enqueuedAt: 0,
  size: 10,
  body: "x",
  properties: {},
  ...over,
});
const all = () => true;

describe("TTL", () => {
  it.each([
    [undefined, 7200, 7200],
    [0, 7200, 7200],
    [30, 7200, 30],
    [30, -1, 30],
    [0, -1, -1],
  ])("route %s, global %s ⇒ %s", (route, global, ttl) => expect(effectiveTtlSecs(route, global)).toBe(ttl));

  it.each([
    [60, 0, 59_999, false],
    [60, 0, 60_000, true],
    [60, 1_000, 60_999, false],
    [-1, 0, 1e12, false],
    [0, 5, 5, true],
  ])("ttl %s enqueued %s, at %s expired=%s", (ttlSecs, enqueuedAt, now, expired) => expect(isExpired({ ttlSecs, enqueuedAt }, now)).toBe(expired));
});

describe("MessageStore", () => {
  it("forwards highest priority first, FIFO within a queue, batches never mixing priorities", () => {
    const store = new MessageStore();
    const ms = [msg({ priority: 5 }), msg({ priority: 0 }), msg({}), msg({ priority: 0 }), msg({ priority: 5 })];
    for (const m of ms) store.enqueue(m, null);
    const order: number[][] = [];
    for (let b = store.nextBatch(0, all, 10).batch; b.length; b = store.nextBatch(0, all, 10).batch) {
      order.push(b.map((m) => m.seq));
      store.ack(b.map((m) => m.seq));
    }
    expect(order).toEqual([[ms[1]!.seq, ms[3]!.seq], [ms[0]!.seq, ms[4]!.seq], [ms[2]!.seq]]);
    expect(store.stats(0)).toMatchObject({ queueLength: 0, storageBytes: 0, forwarded: 5, droppedByTtl: 0 });
  });

  it("caps batches at the given size", () => {
    const store = new MessageStore();
    for (let i = 0; i < 25; i++) store.enqueue(msg({ priority: 1 }), null);
    expect(store.nextBatch(0, all).batch).toHaveLength(10);
  });

  it("skips and counts expired messages anywhere in a queue; TTL is the one stored at enqueue", () => {
    const store = new MessageStore();
    const a = msg({ ttlSecs: 100, enqueuedAt: 0 });
    const b = msg({ ttlSecs: 10, enqueuedAt: 50 * S }); // expires at 60 s, behind a live head
    const c = msg({ ttlSecs: -1, enqueuedAt: 0 });
    for (const m of [a, b, c]) store.enqueue(m, null);
    const { batch, expired } = store.nextBatch(70 * S, all);
    expect(expired.map((m) => m.seq)).toEqual([b.seq]);
    expect(batch.map((m) => m.seq)).toEqual([a.seq, c.seq]);
    expect(store.stats(70 * S)).toMatchObject({ droppedByTtl: 1, queueLength: 2, storageBytes: 20 });
  });

  it("held messages stay and do not block others, even of lower priority", () => {
    const store = new MessageStore();
    const held = msg({ module: "gone", priority: 0 });
    const other = msg({ module: "ok", priority: 7 });
    store.enqueue(held, null);
    store.enqueue(other, null);
    const { batch } = store.nextBatch(0, (m) => m.module !== "gone");
    expect(batch.map((m) => m.seq)).toEqual([other.seq]);
    store.ack([other.seq]);
    expect(store.stats(0)).toMatchObject({ queueLength: 1, forwarded: 1 });
    expect(store.countOf("gone")).toBe(1);
  });

  it.each([
    [25, [10, 10, 10], [true, true, false], 20],
    [30, [10, 10, 10], [true, true, true], 30],
    [null, [10, 10, 10], [true, true, true], 30],
    [5, [10], [false], 0],
  ])("cap %s: sizes %j accepted %j, storage %s", (cap, sizes, accepted, bytes) => {
    const store = new MessageStore();
    expect(sizes.map((size) => store.enqueue(msg({ size }), cap).ok)).toEqual(accepted);
    expect(store.stats(0)).toMatchObject({ storageBytes: bytes, refusedForSpace: accepted.filter((a) => !a).length });
  });

  it("frees space when messages are forwarded or expire", () => {
    const store = new MessageStore();
    const a = msg({ size: 20, ttlSecs: 1 });
    store.enqueue(a, 20);
    expect(store.enqueue(msg({ size: 5 }), 20).ok).toBe(false);
    store.sweep(1 * S);
    expect(store.enqueue(msg({ size: 20 }), 20).ok).toBe(true);
  });

  it("stats: per queue and overall oldest age and time until first expiry", () => {
    const store = new MessageStore();
    store.enqueue(msg({ priority: 0, enqueuedAt: 10 * S, ttlSecs: 100 }), null);
    store.enqueue(msg({ enqueuedAt: 0, ttlSecs: -1, size: 5 }), null);
    store.enqueue(msg({ enqueuedAt: 30 * S, ttlSecs: 20 }), null);
    expect(store.stats(40 * S)).toEqual({
      queueLength: 3,
      storageBytes: 25,
      oldestAgeSecs: 40,
      timeUntilFirstExpirySecs: 10,
      droppedByTtl: 0,
      refusedForSpace: 0,
      forwarded: 0,
      queues: [
        { endpoint: "$upstream", priority: 0, length: 1, bytes: 10, oldestAgeSecs: 30, timeUntilFirstExpirySecs: 70 },
        { endpoint: "$upstream", priority: DEFAULT_ROUTE_PRIORITY, length: 2, bytes: 15, oldestAgeSecs: 40, timeUntilFirstExpirySecs: 10 },
      ],
    });
    expect(new MessageStore().stats(0)).toMatchObject({ queueLength: 0, oldestAgeSecs: null, timeUntilFirstExpirySecs: null });
  });

  it("round-trips through its JSON state (durable across restarts), sequence numbers continuing", () => {
    const store = new MessageStore();
    const s1 = store.allocateSeq();
    store.enqueue(msg({ seq: s1, priority: 3 }), null);
    store.enqueue(msg({ seq: store.allocateSeq(), size: 100 }), 50);
    const copy = new MessageStore(JSON.parse(JSON.stringify(store.toState())));
    expect(copy.stats(0)).toEqual(store.stats(0));
    expect(copy.allocateSeq()).toBe(3);
    expect(copy.nextBatch(0, all).batch.map((m) => m.seq)).toEqual([s1]);
  });

  it.each([
    ["$upstream", DEFAULT_ROUTE_PRIORITY, "$upstream"],
    ["$upstream", 0, "$upstream_Pri0"],
  ])("queue name of %s priority %s is %s", (endpoint, priority, name) => expect(queueName(endpoint, priority)).toBe(name));
});
