import { describe, expect, it } from "vitest";
import { formatBytes, storeAndForwardView } from "./store-and-forward-view";

const now = new Date("2026-03-01T12:00:30Z");
const report = (over: Record<string, unknown> = {}) => ({
  storeAndForward: {
    timeToLiveSecs: 7200,
    maxSizeBytes: 2048,
    queueLength: 3,
    storageBytes: 1024,
    oldestAgeSecs: 90,
    timeUntilFirstExpirySecs: 60,
    droppedByTtl: 0,
    refusedForSpace: 0,
    forwarded: 10,
    queues: {
      upstream: { endpoint: "$upstream", priority: 2000000000, length: 2, bytes: 600, oldestAgeSecs: 90 },
      upstream_Pri0: { endpoint: "$upstream", priority: 0, length: 1, bytes: 424, oldestAgeSecs: 10, timeUntilFirstExpirySecs: 60 },
    },
    reportedTimeUtc: "2026-03-01T12:00:00Z",
    ...over,
  },
});

describe("storeAndForwardView", () => {
  it("is null when the hub reports no store", () => expect(storeAndForwardView({}, now)).toBeNull());

  it("ages the reported values to now and orders queues by priority", () => {
    const v = storeAndForwardView(report(), now)!;
    expect(v).toMatchObject({ ttl: "2 h", queueLength: 3, storage: "1.0 KiB of 2.0 KiB", usedPercent: 50, oldestAge: "2 min", firstExpiry: "in 30 s", tone: "ok", headline: "3 waiting" });
    expect(v.queues.map((q) => [q.name, q.priority, q.oldestAge, q.firstExpiry])).toEqual([
      ["upstream_Pri0", "0", "40 s", "in 30 s"],
      ["upstream", "default", "2 min", "—"],
    ]);
  });

  it.each<[Record<string, unknown>, string, string]>([
    [{ refusedForSpace: 4, storageBytes: 2000 }, "error", "Store full: 4 messages refused"],
    [{ refusedForSpace: 1, storageBytes: 100 }, "warn", "1 refused for space"],
    [{ droppedByTtl: 2 }, "warn", "2 expired (TTL)"],
    [{ queueLength: 0, queues: {} }, "ok", "Nothing stored"],
    [{ timeUntilFirstExpirySecs: 10 }, "ok", "3 waiting"],
  ])("%j ⇒ %s %s", (over, tone, headline) => expect(storeAndForwardView(report(over), now)).toMatchObject({ tone, headline }));

  it.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{ timeToLiveSecs: -1 }, { ttl: "never expires" }],
    [{ timeToLiveSecs: 3 }, { ttl: "3 s" }],
    [{ maxSizeBytes: undefined }, { storage: "1.0 KiB (no cap)", usedPercent: null }],
    [{ timeUntilFirstExpirySecs: 10 }, { firstExpiry: "due" }],
    [{ oldestAgeSecs: undefined, timeUntilFirstExpirySecs: undefined }, { oldestAge: "—", firstExpiry: "—" }],
  ])("%j ⇒ %j", (over, expected) => expect(storeAndForwardView(report(over), now)).toMatchObject(expected));

  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1536, "1.5 KiB"],
    [3 * 1024 * 1024, "3.0 MiB"],
  ])("formatBytes(%s) = %s", (n, text) => expect(formatBytes(n)).toBe(text));
});
