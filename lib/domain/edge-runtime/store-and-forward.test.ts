import { describe, expect, it } from "vitest";
import { mayAccept, mayForward, reauthSettled, type ModuleAuth } from "./reauth-gate";
import { DEFAULT_ROUTE_PRIORITY, effectiveTtlSecs, isExpired, MessageStore, queueName, type StoredMessage } from "./store-and-forward";
import { placeMessage, sourceMatches, storeSettings } from "./store-and-forward-config";

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

describe("store settings and message placement", () => {
  it.each([
    [{ schemaVersion: "1.1", storeAndForwardConfiguration: { timeToLiveSecs: 30, storeLimits: { maxSizeBytes: 500 } } }, null, { timeToLiveSecs: 30, maxSizeBytes: 500 }],
    [{ schemaVersion: "1.1", storeAndForwardConfiguration: { timeToLiveSecs: -1 } }, 99, { timeToLiveSecs: -1, maxSizeBytes: 99 }],
    [{ schemaVersion: "1.1" }, null, { timeToLiveSecs: 7200, maxSizeBytes: null }],
    [{ schemaVersion: "1.0" }, null, { timeToLiveSecs: -1, maxSizeBytes: null }],
  ])("%j (fallback cap %s) ⇒ %j", (desired, fallback, settings) => expect(storeSettings(desired, fallback)).toEqual(settings));

  it.each([
    ["/messages/*", true],
    ["/messages/modules/m/*", true],
    ["/messages/modules/m/outputs/o", true],
    ["/messages/modules/M/outputs/O", true],
    ["/messages/modules/m/outputs/other", false],
    ["/messages/modules/mm/*", false],
    ["/twinChangeNotifications", false],
    ["/*", true],
  ])("source %s matches m/o: %s", (source, ok) => expect(sourceMatches(source, "m", "o")).toBe(ok));

  it.each([
    ["no routes", {}, { priority: DEFAULT_ROUTE_PRIORITY, ttlSecs: 7200, route: null }],
    ["string route", { r: "FROM /messages/* INTO $upstream" }, { priority: DEFAULT_ROUTE_PRIORITY, ttlSecs: 7200, route: "r" }],
    ["object, TTL 0 = global", { r: { route: "FROM /messages/* INTO $upstream", priority: 4, timeToLiveSecs: 0 } }, { priority: 4, ttlSecs: 7200, route: "r" }],
    [
      "highest priority of two wins, with its TTL",
      { low: { route: "FROM /messages/* INTO $upstream", priority: 5, timeToLiveSecs: 10 }, high: { route: "FROM /messages/modules/m/outputs/o INTO $upstream", priority: 1, timeToLiveSecs: 99 } },
      { priority: 1, ttlSecs: 99, route: "high" },
    ],
    ["module sinks do not count", { r: { route: 'FROM /messages/* INTO BrokeredEndpoint("/modules/x/inputs/i")', priority: 0 } }, { priority: DEFAULT_ROUTE_PRIORITY, ttlSecs: 7200, route: null }],
    ["other module's route", { r: { route: "FROM /messages/modules/z/* INTO $upstream", priority: 0 } }, { priority: DEFAULT_ROUTE_PRIORITY, route: null }],
    ["unparsable route ignored", { r: "FROM nowhere", s: { route: "FROM /messages/* INTO $upstream", priority: 3 } }, { priority: 3, route: "s" }],
  ])("%s", (_name, routes, placement) => expect(placeMessage(routes, "m", "o", 7200)).toMatchObject({ endpoint: "$upstream", ...placement }));
});

describe("re-authentication gate", () => {
  const fresh: ModuleAuth = { isPresent: true, validatedAt: 100, tokenExpiresAt: 5_000, startedOffline: false };
  const ctx = { isOnline: true, onlineSince: 50, now: 200 };
  it.each([
    ["fresh token validated after reconnect", fresh, ctx, { ok: true }],
    ["device offline", fresh, { ...ctx, isOnline: false }, { ok: false, reason: "offline" }],
    ["module gone", undefined, ctx, { ok: false, reason: "gone" }],
    ["module not running", { ...fresh, isPresent: false }, ctx, { ok: false, reason: "gone" }],
    ["never authenticated", { ...fresh, validatedAt: null, tokenExpiresAt: null }, ctx, { ok: false, reason: "no-token" }],
    ["token from before the outage", { ...fresh, validatedAt: 40 }, ctx, { ok: false, reason: "stale-token" }],
    ["token expired", { ...fresh, tokenExpiresAt: 200 }, ctx, { ok: false, reason: "token-expired" }],
  ])("%s", (_name, auth, c, verdict) => expect(mayForward(auth, c)).toEqual(verdict));

  it.each([
    ["running module, online", fresh, true, true],
    ["running module, offline", fresh, false, true],
    ["restarted while offline, offline", { ...fresh, startedOffline: true }, false, false],
    ["restarted while offline, back online", { ...fresh, startedOffline: true }, true, true],
    ["gone", undefined, true, false],
  ])("accepts new messages: %s", (_name, auth, isOnline, ok) => expect(mayAccept(auth, isOnline)).toBe(ok));

  it.each([
    ["all re-authenticated", [fresh], 200, true],
    ["one not yet", [fresh, { ...fresh, validatedAt: 10 }], 200, false],
    ["one not yet, grace over", [fresh, { ...fresh, validatedAt: 10 }], 10_050, true],
    ["absent modules are not waited for", [{ ...fresh, isPresent: false, validatedAt: null }], 200, true],
  ])("settled: %s", (_name, waiting, now, settled) => expect(reauthSettled(waiting, { ...ctx, now, graceMs: 10_000 })).toBe(settled));
});
