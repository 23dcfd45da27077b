import { afterEach, describe, expect, it } from "vitest";
import { storeSettings } from "@/lib/domain/edge-runtime";
import type { JsonObject } from "@/lib/domain/twins";
import { DeviceStore, type LedgerEvent } from "./device-store";
import type { IdentityConnection } from "./identity-connection";
import { Scheduler } from "./scheduler";

/**
 * The device store with a fake clock and fake connections (the integration test runs it over MQTT):
 * what §11 says about config changes, restarts while offline and re-authentication, step by step.
 */
type FakeConnection = { isConnected: boolean; published: Array<{ output: string; seq: string }>; sendOutputEvent(o: string, b: string, p: Record<string, string>): void; publishOutputEvent(o: string, b: string, p: Record<string, string>): Promise<void> };
const fakeConnection = (): FakeConnection => {
  const c: FakeConnection = {
    isConnected: true,
    published: [],
    sendOutputEvent: (output, _b, p) => void c.published.push({ output, seq: p.seq! }),
    publishOutputEvent: async (output, _b, p) => void c.published.push({ output, seq: p.seq! }),
  };
  return c;
};

const schedulers: Scheduler[] = [];
afterEach(() => schedulers.splice(0).forEach((s) => s.stop()));

function setup(hubDesired: JsonObject) {
  let now = 1_000_000;
  const scheduler = new Scheduler(() => now);
  schedulers.push(scheduler);
  const desired = { current: hubDesired };
  const connections = new Map<string, FakeConnection>();
  const ledger: LedgerEvent[] = [];
  const store = new DeviceStore({
    deviceId: "d",
    scheduler,
    now: () => now,
    log: () => {},
    stateDir: null,
    reauthGraceMs: 10_000,
    settings: () => storeSettings(desired.current, null),
    routes: () => desired.current.routes as JsonObject,
    connectionOf: (m) => connections.get(m) as unknown as IdentityConnection | undefined,
    agentReady: () => true,
    onChange: () => {},
    onLedger: (e) => ledger.push(e),
  });
  const start = (m: string) => {
    const c = fakeConnection();
    connections.set(m, c);
    store.moduleStarted(m);
    return c;
  };
  const auth = (m: string) => store.moduleAuthenticated(m, now + 3_600_000);
  const produce = (m: string, output = "out") => store.produce(m, output, { v: 1 }, {});
  return { store, desired, ledger, start, auth, produce, advance: (ms: number) => void (now += ms), flush: () => new Promise((r) => setTimeout(r, 10)) };
}

const seqsOf = (ledger: LedgerEvent[], outcome: LedgerEvent["outcome"]) => ledger.filter((e) => e.outcome === outcome).map((e) => e.seq);

describe("DeviceStore", () => {
  it("goes straight out while online with nothing stored; stores while offline and forwards after re-authentication", async () => {
    const t = setup({ schemaVersion: "1.1", routes: {}, storeAndForwardConfiguration: { timeToLiveSecs: 60 } });
    const c = t.start("m");
    t.auth("m");
    t.produce("m");
    expect(seqsOf(t.ledger, "sent")).toEqual([1]);
    t.store.setOnline(false);
    t.produce("m");
    t.produce("m");
    expect(seqsOf(t.ledger, "stored")).toEqual([2, 3]);
    t.store.setOnline(true);
    await t.flush();
    expect(seqsOf(t.ledger, "forwarded")).toEqual([]); // the token from before the outage does not count
    t.auth("m");
    await t.flush();
    expect(seqsOf(t.ledger, "forwarded")).toEqual([2, 3]);
    expect(c.published.map((p) => p.seq)).toEqual(["1", "2", "3"]);
  });

  it("config changes apply to new messages only: stored ones keep their TTL and priority", async () => {
    const route = (priority: number, timeToLiveSecs: number) => ({ schemaVersion: "1.1", routes: { r: { route: "FROM /messages/* INTO $upstream", priority, timeToLiveSecs } }, storeAndForwardConfiguration: { timeToLiveSecs: 7200 } });
    const t = setup(route(5, 100));
    t.start("m");
    t.auth("m");
    t.store.setOnline(false);
    t.produce("m"); // seq 1: priority 5, 100 s
    t.desired.current = route(1, 10);
    t.produce("m"); // seq 2: priority 1, 10 s
    t.desired.current = route(0, 1000);
    t.produce("m"); // seq 3: priority 0, 1000 s
    expect(t.ledger.map((e) => [e.seq, e.priority, e.ttlSecs])).toEqual([
      [1, 5, 100],
      [2, 1, 10],
      [3, 0, 1000],
    ]);
    t.advance(50_000);
    t.store.setOnline(true);
    t.auth("m");
    await t.flush();
    expect(seqsOf(t.ledger, "expired")).toEqual([2]);
    expect(seqsOf(t.ledger, "forwarded")).toEqual([3, 1]);
    expect(t.store.stats()).toMatchObject({ droppedByTtl: 1, forwarded: 2, queueLength: 0 });
  });

  it("a module restarted while offline produces nothing until online; a gone module's messages stay held", async () => {
    const t = setup({ schemaVersion: "1.1", routes: {} });
    t.start("a");
    t.start("b");
    t.auth("a");
    t.auth("b");
    t.store.setOnline(false);
    t.produce("a");
    t.produce("b");
    t.store.moduleStopped("a");
    t.start("a"); // restarted while offline
    t.produce("a");
    t.store.moduleStopped("b"); // gone
    expect(seqsOf(t.ledger, "stored")).toEqual([1, 2]);
    t.store.setOnline(true);
    t.produce("a"); // online again: accepted (stored behind the backlog)
    t.auth("a");
    await t.flush();
    expect(seqsOf(t.ledger, "forwarded")).toEqual([1, 3]);
    expect(t.store.stats().queueLength).toBe(1);
    expect(t.store.stats().queues[0]).toMatchObject({ length: 1 });
  });

  it("waits for every running module with stored messages before forwarding, so the backlog goes in one priority order", async () => {
    const t = setup({ schemaVersion: "1.1", routes: { hi: { route: "FROM /messages/modules/hi/* INTO $upstream", priority: 0 }, lo: { route: "FROM /messages/modules/lo/* INTO $upstream", priority: 9 } } });
    t.start("hi");
    t.start("lo");
    t.store.setOnline(false);
    t.produce("lo");
    t.produce("hi");
    t.store.setOnline(true);
    t.auth("lo");
    await t.flush();
    expect(seqsOf(t.ledger, "forwarded")).toEqual([]);
    t.auth("hi");
    await t.flush();
    expect(seqsOf(t.ledger, "forwarded")).toEqual([2, 1]);
  });

  it("refuses and counts what does not fit the cap from desired", () => {
    const t = setup({ schemaVersion: "1.1", routes: {}, storeAndForwardConfiguration: { timeToLiveSecs: 60, storeLimits: { maxSizeBytes: 60 } } });
    t.start("m");
    t.store.setOnline(false);
    for (let i = 0; i < 5; i++) t.produce("m");
    const size = JSON.stringify({ v: 1, seq: 1, module: "m" }).length;
    const fits = Math.floor(60 / size);
    expect(seqsOf(t.ledger, "stored")).toHaveLength(fits);
    expect(t.store.stats()).toMatchObject({ refusedForSpace: 5 - fits, storageBytes: fits * size });
  });
});
