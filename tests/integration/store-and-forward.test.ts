import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agentDesired } from "@/lib/domain/edge-runtime/test-fixtures";
import type { JsonObject } from "@/lib/domain/twins";
import type { LedgerEvent } from "@/lib/simulator/device-store";
import { callApi, createEdgeDevice, getTwin, modulePath, twinPath, uniqueId } from "./support/api";
import { waitFor } from "./support/mqtt";
import { useSimulatedHub } from "./support/simulated-hub";

/**
 * Store and forward in the simulated edgeHub (reference §11, issue #7) against the real hub, as
 * simulator.test.ts runs it. A ledger records every message's sequence number and fate; what
 * reached the hub's `messages` is compared with a model of §11: a stored message arrives iff it
 * was younger than its TTL when forwarded, each exactly once, in priority order. The simulator's
 * clock is moved forward to age stored messages, with margins of 100 s around every TTL boundary
 * so real seconds of test time cannot change the outcome.
 */
const dirs: string[] = [];
const { fleet, stopFleet } = useSimulatedHub({ seed: 7, telemetryIntervalMs: 150, edgeHubSyncMs: 100, reconnectMs: 300, reauthGraceMs: 20_000 });
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Real time plus jumps: scheduled work still runs, stored messages age by the jumps. */
function testClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
}

async function edgeDevice(modules: string[], hubDesired: JsonObject): Promise<string> {
  const { deviceId } = await createEdgeDevice({ id: uniqueId("saf") });
  const set = async (moduleId: string, doc: JsonObject) => {
    const { $version: _v, ...body } = doc;
    expect((await callApi("PATCH", twinPath(deviceId, moduleId), { body: { properties: { desired: body } } })).status).toBe(200);
  };
  await set("$edgeAgent", agentDesired(Object.fromEntries(modules.map((m) => [m, {}]))));
  await set("$edgeHub", { schemaVersion: "1.1", ...hubDesired });
  return deviceId;
}

type Arrived = { id: number; seq: number; module: string; bodySeq: number };
async function arrived(deviceId: string): Promise<Arrived[]> {
  const res = await callApi("GET", `/api/devices/${deviceId}/messages?limit=1000`);
  expect(res.status).toBe(200);
  return (res.json as Array<{ id: string; moduleId: string; properties: Record<string, string>; body: string }>)
    .map((m) => ({ id: Number(m.id), seq: Number(m.properties.seq), module: m.moduleId, bodySeq: (JSON.parse(m.body) as { seq: number }).seq }))
    .sort((a, b) => a.id - b.id);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = <T>(what: string, probe: () => Promise<T | false | undefined | null> | T | false | undefined | null, ms = 30_000) => waitFor(what, async () => probe(), ms);
/** Waits until each module has stored at least n messages since ledger index `from`. */
const storedSince = (ledger: LedgerEvent[], from: number, modules: string[], n = 2) =>
  until(`${n} stored from each of ${modules.join(", ")}`, () => modules.every((m) => ledger.slice(from).filter((e) => e.module === m && e.outcome === "stored").length >= n));
const of = (ledger: LedgerEvent[], outcome: LedgerEvent["outcome"]) => ledger.filter((e) => e.outcome === outcome);
const hubReported = async (deviceId: string) => (await getTwin(deviceId, "$edgeHub")).properties.reported as JsonObject & { storeAndForward?: Record<string, unknown> };

/** Model of §11: a stored message expires when its age at forwarding reaches its TTL. */
const expiredAt = (e: LedgerEvent, forwardAt: number) => e.ttlSecs >= 0 && forwardAt - e.at >= e.ttlSecs * 1000;

/** Each arrived once, body and properties agree, and the backlog came highest priority first. */
function expectExactlyOnceInPriorityOrder(hub: Arrived[], expected: LedgerEvent[]) {
  const seqs = hub.map((m) => m.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
  for (const m of hub) expect(m.bodySeq).toBe(m.seq);
  const wanted = new Set(expected.map((e) => e.seq));
  const got = hub.filter((m) => wanted.has(m.seq));
  expect(got.map((m) => m.seq).sort((a, b) => a - b)).toEqual([...wanted].sort((a, b) => a - b));
  const priority = new Map(expected.map((e) => [e.seq, e.priority]));
  const byPriorityThenSeq = [...got].sort((a, b) => priority.get(a.seq)! - priority.get(b.seq)! || a.seq - b.seq);
  expect(got.map((m) => m.seq)).toEqual(byPriorityThenSeq.map((m) => m.seq));
}

const ROUTES = {
  routes: {
    hi: { route: "FROM /messages/modules/hi/outputs/alert INTO $upstream", priority: 0, timeToLiveSecs: 300 },
    lo: { route: "FROM /messages/modules/lo/outputs/bulk INTO $upstream", priority: 5, timeToLiveSecs: 0 },
    plain: "FROM /messages/modules/plain/outputs/data INTO $upstream",
  },
  storeAndForwardConfiguration: { timeToLiveSecs: 1000 },
};

describe("store and forward in the simulated edgeHub", () => {
  it("outages shorter and longer than the TTLs: exactly the unexpired arrive, once each, in priority order; the expired are counted", async () => {
    const deviceId = await edgeDevice(["hi", "lo", "plain"], ROUTES);
    const clock = testClock();
    const ledger: LedgerEvent[] = [];
    const f = await fleet([deviceId], { now: clock.now, onLedger: (e) => ledger.push(e) });
    const device = f.devices.get(deviceId)!;
    await until("all three sending online", () => ["hi", "lo", "plain"].every((m) => of(ledger, "sent").some((e) => e.module === m)));

    // A short outage: everything stored arrives.
    await device.goOffline();
    const shortStart = ledger.length;
    await storedSince(ledger, shortStart, ["hi", "lo", "plain"]);
    const shortBacklog = ledger.slice(shortStart).filter((e) => e.outcome === "stored");
    expect(shortBacklog.length).toBeGreaterThan(5);
    await device.goOnline();
    await until("short backlog drained", () => device.store.stats().queueLength === 0);
    expect(device.store.stats().droppedByTtl).toBe(0);
    expectExactlyOnceInPriorityOrder(
      await until("short backlog stored by the hub", async () => {
        const list = await arrived(deviceId);
        return shortBacklog.every((e) => list.some((m) => m.seq === e.seq)) && list;
      }),
      shortBacklog,
    );

    // A long one with three phases; ages at forwarding ≈ 1150 s, 750 s and ~0 s.
    await device.goOffline();
    const start = ledger.length;
    await storedSince(ledger, start, ["hi", "lo", "plain"]);
    clock.advance(400_000);
    let phase = ledger.length;
    await storedSince(ledger, phase, ["hi", "lo", "plain"]);
    clock.advance(750_000);
    phase = ledger.length;
    await storedSince(ledger, phase, ["hi", "lo", "plain"]);
    const onlineAt = clock.now();
    const backlog = ledger.slice(start).filter((e) => e.outcome === "stored");
    await device.goOnline();
    await until("long backlog drained", () => device.store.stats().queueLength === 0);

    // The long outage's messages: its backlog, and those stored while it drained (forwarded at once).
    const stored = ledger.slice(start).filter((e) => e.outcome === "stored");
    expect(stored.length).toBeGreaterThanOrEqual(18); // 3 phases × 3 modules × at least 2
    // Margins: no stored message within 100 s of its TTL at the time the device came back.
    for (const e of backlog) if (e.ttlSecs >= 0) expect(Math.abs(onlineAt - e.at - e.ttlSecs * 1000)).toBeGreaterThan(100_000);
    const forwardAt = (e: LedgerEvent) => (e.at < onlineAt ? onlineAt : e.at);
    const mustArrive = stored.filter((e) => !expiredAt(e, forwardAt(e)));
    const mustExpire = stored.filter((e) => expiredAt(e, forwardAt(e)));
    // The mix is what the test is about: every route lost some and kept some.
    expect(new Set(mustExpire.map((e) => e.module))).toEqual(new Set(["hi", "lo", "plain"]));
    expect(new Set(backlog.filter((e) => !expiredAt(e, onlineAt)).map((e) => e.module))).toEqual(new Set(["hi", "lo", "plain"]));

    const sent = of(ledger, "sent");
    const hub = await until("every sent and forwarded message stored by the hub", async () => {
      const list = await arrived(deviceId);
      const seqs = new Set(list.map((m) => m.seq));
      return [...sent, ...mustArrive].every((e) => seqs.has(e.seq)) && list;
    });
    expectExactlyOnceInPriorityOrder(hub, backlog.filter((e) => !expiredAt(e, onlineAt)));
    for (const e of mustArrive) expect(hub.filter((m) => m.seq === e.seq)).toHaveLength(1);
    const expiredSeqs = new Set(mustExpire.map((e) => e.seq));
    expect(hub.filter((m) => expiredSeqs.has(m.seq))).toEqual([]);
    // None lost without being counted: stored = forwarded + droppedByTtl, and the ledger agrees with the model.
    const stats = device.store.stats();
    expect(stats.droppedByTtl).toBe(mustExpire.length);
    expect(of(ledger, "expired").map((e) => e.seq).sort((a, b) => a - b)).toEqual([...expiredSeqs].sort((a, b) => a - b));
    const everStored = of(ledger, "stored");
    expect(stats.forwarded + stats.droppedByTtl + stats.queueLength).toBe(everStored.length);
    const produced = ledger.filter((e) => e.outcome === "sent" || e.outcome === "stored" || e.outcome === "refused");
    expect(new Set(produced.map((e) => e.seq)).size).toBe(produced.length);

    const reported = await until("reported store stats", async () => {
      const r = (await hubReported(deviceId)).storeAndForward;
      return r?.droppedByTtl === mustExpire.length && r.queueLength === 0 && r;
    });
    expect(reported).toMatchObject({ timeToLiveSecs: 1000, storageBytes: 0, refusedForSpace: 0, forwarded: stats.forwarded });
  });

  it("is durable: a restarted simulator forwards the stored backlog; a module that is gone leaves its messages held, then expired and counted", async () => {
    const deviceId = await edgeDevice(["keep", "old"], { routes: { all: "FROM /messages/* INTO $upstream" }, storeAndForwardConfiguration: { timeToLiveSecs: 600 } });
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-saf-"));
    dirs.push(stateDir);
    const clock = testClock();
    const ledger: LedgerEvent[] = [];
    const f1 = await fleet([deviceId], { now: clock.now, stateDir, onLedger: (e) => ledger.push(e) });
    await until("both sending", () => ["keep", "old"].every((m) => ledger.some((e) => e.module === m)));
    await until("nothing waiting", () => f1.devices.get(deviceId)!.store.stats().queueLength === 0);
    const offlineStart = ledger.length;
    await f1.devices.get(deviceId)!.goOffline();
    await until("both storing", () => ["keep", "old"].every((m) => ledger.slice(offlineStart).filter((e) => e.module === m).length >= 3));
    await stopFleet(f1);
    const stored = ledger.slice(offlineStart).filter((e) => e.outcome === "stored");
    const file = JSON.parse(fs.readFileSync(path.join(stateDir, `${deviceId}.store.json`), "utf8")) as { messages: Array<{ seq: number }> };
    expect(file.messages.map((m) => m.seq)).toEqual(stored.map((e) => e.seq));

    // While the simulator is down, "old" leaves the deployment.
    expect((await callApi("PATCH", twinPath(deviceId, "$edgeAgent"), { body: { properties: { desired: { modules: { old: null } } } } })).status).toBe(200);
    const restartAt = ledger.length;
    const f2 = await fleet([deviceId], { now: clock.now, stateDir, reauthGraceMs: 3_000, onLedger: (e) => ledger.push(e) });
    const device = f2.devices.get(deviceId)!;
    const keep = stored.filter((e) => e.module === "keep");
    const old = stored.filter((e) => e.module === "old");
    expect(keep.length).toBeGreaterThanOrEqual(3);
    expect(old.length).toBeGreaterThanOrEqual(3);
    const hub = await until("keep's backlog forwarded", async () => {
      const list = await arrived(deviceId);
      const seqs = new Set(list.map((m) => m.seq));
      return keep.every((e) => seqs.has(e.seq)) && list;
    });
    expectExactlyOnceInPriorityOrder(hub, keep);
    await sleep(1_000);
    const oldSeqs = new Set(old.map((e) => e.seq));
    expect((await arrived(deviceId)).filter((m) => oldSeqs.has(m.seq))).toEqual([]);
    // keep's new messages pass through the store too (it is not empty): wait for a moment between them.
    await until("only old's messages stored", () => device.store.stats().queueLength === old.length);
    // Sequence numbers continue after the restart.
    const after = ledger.slice(restartAt).filter((e) => e.outcome === "sent" || e.outcome === "stored");
    expect(after.length).toBeGreaterThan(0);
    for (const e of after) expect(e.seq).toBeGreaterThan(Math.max(...stored.map((s) => s.seq)));
    await until("held messages reported", async () => (await hubReported(deviceId)).storeAndForward?.queueLength === old.length);

    // Held messages still expire, and are counted.
    clock.advance(700_000);
    await until("held messages expired", () => device.store.stats().queueLength === 0);
    // Every expiry is in the ledger and counted (a keep message in the store at the jump may expire too).
    const expired = of(ledger, "expired").map((e) => e.seq);
    expect(expired).toEqual(expect.arrayContaining([...oldSeqs]));
    expect(device.store.stats().droppedByTtl).toBe(expired.length);
    expect((await arrived(deviceId)).filter((m) => oldSeqs.has(m.seq))).toEqual([]);
  });

  it("a module restarted while offline sends nothing until online; its stored messages wait until it re-authenticates", async () => {
    const deviceId = await edgeDevice(["steady", "restarted"], { routes: { all: "FROM /messages/modules/* INTO $upstream" }, storeAndForwardConfiguration: { timeToLiveSecs: 7200 } });
    const clock = testClock();
    const ledger: LedgerEvent[] = [];
    const f = await fleet([deviceId], { now: clock.now, reauthGraceMs: 2_000, onLedger: (e) => ledger.push(e) });
    const device = f.devices.get(deviceId)!;
    await until("both sending", () => ["steady", "restarted"].every((m) => ledger.some((e) => e.module === m)));
    await until("nothing waiting", () => device.store.stats().queueLength === 0);
    const offlineStart = ledger.length;
    await device.goOffline();
    await storedSince(ledger, offlineStart, ["steady", "restarted"]);
    expect(device.restartModule("restarted")).toEqual({ ok: true });
    const restartedAt = clock.now();
    await sleep(800);
    expect(ledger.filter((e) => e.module === "restarted" && e.at > restartedAt)).toEqual([]);
    expect(ledger.some((e) => e.module === "steady" && e.at > restartedAt && e.outcome === "stored")).toBe(true);
    const backlog = ledger.slice(offlineStart).filter((e) => e.outcome === "stored");
    const restartedBacklog = backlog.filter((e) => e.module === "restarted");
    expect(restartedBacklog.length).toBeGreaterThan(1);

    // Its identity is gone from the hub meanwhile: it cannot present a token that validates.
    expect((await callApi("DELETE", modulePath(deviceId, "restarted"))).status).toBeLessThan(300);
    await device.goOnline();
    const steadySeqs = backlog.filter((e) => e.module === "steady");
    await until("steady's backlog forwarded", async () => {
      const seqs = new Set((await arrived(deviceId)).map((m) => m.seq));
      return steadySeqs.every((e) => seqs.has(e.seq));
    });
    await sleep(1_000);
    const held = new Set(restartedBacklog.map((e) => e.seq));
    expect((await arrived(deviceId).catch(() => [])).filter((m) => held.has(m.seq))).toEqual([]);
    expect(device.store.stats().queueLength).toBeGreaterThanOrEqual(restartedBacklog.length);

    // Back in the registry: its next connection validates and the held messages go, once each, in order.
    const put = await callApi("PUT", modulePath(deviceId, "restarted"), { body: { deviceId, moduleId: "restarted", managedBy: "IotEdge" } });
    expect(put.status).toBeLessThan(300);
    const hub = await until("restarted's backlog forwarded", async () => {
      const list = await arrived(deviceId);
      const seqs = new Set(list.map((m) => m.seq));
      return restartedBacklog.every((e) => seqs.has(e.seq)) && list;
    });
    expectExactlyOnceInPriorityOrder(hub, restartedBacklog);
    expectExactlyOnceInPriorityOrder(hub, steadySeqs);
    expect(device.store.stats().droppedByTtl).toBe(0);
    await until("the restarted module sends again", () => ledger.some((e) => e.module === "restarted" && e.at > restartedAt));
  });

  it("a token that expired while offline is not used: the backlog goes after a fresh token validates", async () => {
    const deviceId = await edgeDevice(["sensor"], { routes: { up: { route: "FROM /messages/* INTO $upstream", priority: 1 } }, storeAndForwardConfiguration: { timeToLiveSecs: 7200 } });
    const clock = testClock();
    const ledger: LedgerEvent[] = [];
    const f = await fleet([deviceId], { now: clock.now, tokenValiditySecs: 120, onLedger: (e) => ledger.push(e) });
    const device = f.devices.get(deviceId)!;
    await until("sending", () => ledger.some((e) => e.outcome === "sent"));
    await until("nothing waiting", () => device.store.stats().queueLength === 0);
    const offlineStart = ledger.length;
    const oldExpiry = device.moduleConnection("sensor")!.tokenExpiresAt!;
    await device.goOffline();
    await storedSince(ledger, offlineStart, ["sensor"]);
    clock.advance(300_000); // the module's 120 s token expires during the outage
    await sleep(400);
    const onlineAt = clock.now();
    expect(oldExpiry).toBeLessThan(onlineAt);
    const backlog = ledger.slice(offlineStart).filter((e) => e.outcome === "stored");
    await device.goOnline();
    const hub = await until("backlog forwarded", async () => {
      const list = await arrived(deviceId);
      const seqs = new Set(list.map((m) => m.seq));
      return backlog.every((e) => seqs.has(e.seq)) && list;
    });
    expectExactlyOnceInPriorityOrder(hub, backlog);
    const backlogSeqs = new Set(backlog.map((e) => e.seq));
    // The ledger hears of a forward on PUBACK, just after the hub stored it.
    const forwarded = await until("forwards acknowledged", () => {
      const list = ledger.filter((e) => e.outcome === "forwarded" && backlogSeqs.has(e.seq));
      return list.length === backlog.length && list;
    });
    expect(Math.min(...forwarded.map((e) => e.at))).toBeGreaterThanOrEqual(onlineAt);
    expect(device.moduleConnection("sensor")!.tokenExpiresAt!).toBeGreaterThan(onlineAt);
    expect(device.store.stats().droppedByTtl).toBe(0);
  });

  it("a full store refuses new messages and counts them; nothing already stored is lost", async () => {
    const deviceId = await edgeDevice(["a", "b"], { routes: { all: "FROM /messages/* INTO $upstream" }, storeAndForwardConfiguration: { timeToLiveSecs: 7200, storeLimits: { maxSizeBytes: 2_000 } } });
    const ledger: LedgerEvent[] = [];
    const f = await fleet([deviceId], { onLedger: (e) => ledger.push(e), storeMaxSizeBytes: 1_000_000 });
    const device = f.devices.get(deviceId)!;
    await until("sending", () => ["a", "b"].every((m) => ledger.some((e) => e.module === m)));
    await until("nothing waiting", () => device.store.stats().queueLength === 0);
    const offlineStart = ledger.length;
    await device.goOffline();
    await until("refusing", () => of(ledger, "refused").length >= 5, 15_000);
    const stats = device.store.stats();
    expect(stats.storageBytes).toBeLessThanOrEqual(2_000);
    expect(stats.storageBytes).toBeGreaterThan(2_000 - 400);
    expect(stats.refusedForSpace).toBe(of(ledger, "refused").length);
    const stored = ledger.slice(offlineStart).filter((e) => e.outcome === "stored");
    const refused = new Set(of(ledger, "refused").map((e) => e.seq));
    await device.goOnline();
    const hub = await until("stored ones forwarded", async () => {
      const list = await arrived(deviceId);
      const seqs = new Set(list.map((m) => m.seq));
      return stored.every((e) => seqs.has(e.seq)) && list;
    });
    expectExactlyOnceInPriorityOrder(hub, stored);
    expect(hub.filter((m) => refused.has(m.seq))).toEqual([]);
    const reported = await until("reported refusals", async () => {
      const r = (await hubReported(deviceId)).storeAndForward;
      return r && Number(r.refusedForSpace) >= refused.size && r;
    });
    expect(reported).toMatchObject({ maxSizeBytes: 2_000, timeToLiveSecs: 7200 });
  });
});
