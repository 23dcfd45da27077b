import { describe, expect, it } from "vitest";
import { buildStoreAndForwardReported } from "./edge-hub";
import { DEFAULT_ROUTE_PRIORITY, MessageStore } from "./store-and-forward";
import { placeMessage, sourceMatches, storeSettings } from "./store-and-forward-config";

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

describe("storeAndForward reported", () => {
  it("reports settings, totals, per-queue stats under twin-safe keys, and leaves out what is absent", () => {
    const store = new MessageStore();
    const base = { module: "m", output: "o", endpoint: "$upstream", size: 10, body: "x", properties: {} };
    store.enqueue({ ...base, seq: 1, priority: 0, ttlSecs: 100, enqueuedAt: 0 }, null);
    store.enqueue({ ...base, seq: 2, priority: DEFAULT_ROUTE_PRIORITY, ttlSecs: -1, enqueuedAt: 5_000 }, null);
    const now = 20_000;
    expect(buildStoreAndForwardReported(store.stats(now), { timeToLiveSecs: 7200, maxSizeBytes: 500 }, now)).toEqual({
      timeToLiveSecs: 7200,
      maxSizeBytes: 500,
      queueLength: 2,
      storageBytes: 20,
      oldestAgeSecs: 20,
      oldestEnqueuedTimeUtc: "1970-01-01T00:00:00.000Z",
      timeUntilFirstExpirySecs: 80,
      firstExpiryTimeUtc: "1970-01-01T00:01:40.000Z",
      droppedByTtl: 0,
      refusedForSpace: 0,
      forwarded: 0,
      queues: {
        upstream_Pri0: { endpoint: "$upstream", priority: 0, length: 1, bytes: 10, oldestAgeSecs: 20, timeUntilFirstExpirySecs: 80 },
        upstream: { endpoint: "$upstream", priority: DEFAULT_ROUTE_PRIORITY, length: 1, bytes: 10, oldestAgeSecs: 15 },
      },
      reportedTimeUtc: "1970-01-01T00:00:20.000Z",
    });
    expect(buildStoreAndForwardReported(new MessageStore().stats(0), { timeToLiveSecs: -1, maxSizeBytes: null }, 0)).toEqual({
      timeToLiveSecs: -1,
      queueLength: 0,
      storageBytes: 0,
      droppedByTtl: 0,
      refusedForSpace: 0,
      forwarded: 0,
      queues: {},
      reportedTimeUtc: "1970-01-01T00:00:00.000Z",
    });
  });
});
