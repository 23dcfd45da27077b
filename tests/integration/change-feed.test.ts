import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getStore } from "@/lib/data/store";
import type { ChangeEvent } from "@/lib/realtime/events";
import { ChangeRelay } from "@/lib/realtime/server/change-relay";
import { callApi, createDevice, createModule, isPostgres, setupPolicies, sqlRows, twinPath, uniqueId } from "./support/api";

/**
 * The change-feed relay (architecture §3) against real concurrent writers: every `changes` row of
 * this file's devices is emitted exactly once, also across a lost LISTEN connection.
 */
beforeAll(async () => {
  await setupPolicies();
});

let relay: ChangeRelay | null = null;
afterEach(async () => {
  await relay?.stop();
  relay = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startRelay(deviceIds: Set<string>) {
  const events: ChangeEvent[] = [];
  relay = new ChangeRelay(await getStore(), (event) => {
    if (event.deviceId && deviceIds.has(event.deviceId)) events.push(event);
  });
  await relay.start();
  return { events, startedAt: relay.position };
}

async function changeRows(deviceIds: Set<string>, after: number) {
  const rows = await sqlRows<{ seq: string | number; kind: string; device_id: string; module_id: string | null; version: string | null }>(
    "select seq, kind, device_id, module_id, version from changes where device_id = any($1::text[]) and seq > $2 order by seq",
    [[...deviceIds], after],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq), version: r.version === null ? null : Number(r.version) }));
}

/** Waits until every expected seq was emitted, then a little longer so late duplicates would show. */
async function expectExactlyOnce(events: ChangeEvent[], deviceIds: Set<string>, startedAt: number, minimum: number) {
  const expected = await changeRows(deviceIds, startedAt);
  expect(expected.length).toBeGreaterThanOrEqual(minimum);
  const deadline = Date.now() + 20_000;
  const emitted = () => new Set(events.map((e) => e.seq));
  while (Date.now() < deadline && !expected.every((r) => emitted().has(r.seq))) await sleep(50);
  await sleep(300);
  await relay!.catchUp();

  const seqs = events.map((e) => e.seq);
  const missing = expected.filter((r) => !seqs.includes(r.seq)).map((r) => r.seq);
  expect(missing, "change rows never emitted").toEqual([]);
  const duplicates = seqs.filter((s, i) => seqs.indexOf(s) !== i);
  expect(duplicates, "change rows emitted twice").toEqual([]);
  expect([...seqs].sort((a, b) => a - b)).toEqual(expected.map((r) => r.seq));
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  for (const row of expected) {
    expect(bySeq.get(row.seq)).toMatchObject({ kind: row.kind, deviceId: row.device_id, moduleId: row.module_id, version: row.version });
  }
  // One device's writes are serialised by its row lock, so its desired versions arrive in order.
  for (const id of deviceIds) {
    const versions = events.filter((e) => e.deviceId === id && e.kind === "twin.desired" && !e.moduleId).map((e) => e.version!);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  }
  return expected.length;
}

/** `writers` concurrent loops, each patching its own device (and one shared device) `perWriter` times. */
async function writeConcurrently(targets: Array<{ deviceId: string; moduleId?: string }>, perWriter: number, label: string) {
  const shared = targets[0]!;
  await Promise.all(
    targets.map(async (t, w) => {
      for (let i = 0; i < perWriter; i++) {
        const target = i % 5 === 4 ? shared : t;
        const res = await callApi("PATCH", twinPath(target.deviceId, target.moduleId), {
          body: { tags: { [`${label}${w}`]: i }, properties: { desired: { [`${label}${w}`]: i } } },
          headers: { "if-match": "*" },
        });
        expect(res.status).toBe(200);
      }
    }),
  );
}

async function makeTargets(count: number) {
  const targets: Array<{ deviceId: string; moduleId?: string }> = [];
  for (let i = 0; i < count; i++) targets.push({ deviceId: (await createDevice()).deviceId });
  const { moduleId } = await createModule(targets[1]!.deviceId);
  targets.push({ deviceId: targets[1]!.deviceId, moduleId });
  return targets;
}

describe("ChangeRelay", () => {
  it("emits every change of concurrent twin writers exactly once", async () => {
    const targets = await makeTargets(5);
    const ids = new Set(targets.map((t) => t.deviceId));
    const { events, startedAt } = await startRelay(ids);
    await writeConcurrently(targets, 20, "a");
    // Each PATCH writes a tags row and a desired row.
    const count = await expectExactlyOnce(events, ids, startedAt, 6 * 20 * 2);
    expect(count).toBe(6 * 20 * 2);
  });

  it("emits identity changes too (create, module create, delete)", async () => {
    // Ids are known before the relay starts: an event may be emitted before createDevice returns.
    const ids = new Set([uniqueId("feed"), uniqueId("feed"), uniqueId("feed")]);
    const { events, startedAt } = await startRelay(ids);
    for (const id of ids) {
      const { deviceId } = await createDevice({ id, edge: true });
      await createModule(deviceId);
      expect((await callApi("DELETE", `/api/devices/${encodeURIComponent(deviceId)}`)).status).toBe(204);
    }
    // Per device: device.created + 2 system modules, module.created, 3 module.deleted + device.deleted.
    await expectExactlyOnce(events, ids, startedAt, 3 * 8);
    const kinds = events.filter((e) => e.deviceId === [...ids][0]).map((e) => e.kind);
    expect(kinds).toEqual([
      "device.created",
      "module.created",
      "module.created",
      "module.created",
      "module.deleted",
      "module.deleted",
      "module.deleted",
      "device.deleted",
    ]);
  });

  it.skipIf(!isPostgres())("catches up without loss or duplicates after its LISTEN connection is killed", async () => {
    const targets = await makeTargets(4);
    const ids = new Set(targets.map((t) => t.deviceId));
    const { events, startedAt } = await startRelay(ids);
    await writeConcurrently(targets, 5, "before");

    const killed = await sqlRows<{ pid: number; ok: boolean }>(
      "select pid, pg_terminate_backend(pid) as ok from pg_stat_activity where query ilike 'listen%'",
    );
    expect(killed.length).toBeGreaterThanOrEqual(1);
    expect(killed.every((k) => k.ok)).toBe(true);
    // Keep writing while the relay is disconnected.
    await writeConcurrently(targets, 15, "during");

    // The relay LISTENs again on a new connection…
    const deadline = Date.now() + 15_000;
    let relistened = false;
    while (Date.now() < deadline && !relistened) {
      const rows = await sqlRows<{ pid: number }>("select pid from pg_stat_activity where query ilike 'listen%'");
      relistened = rows.some((r) => !killed.some((k) => k.pid === r.pid));
      if (!relistened) await sleep(100);
    }
    expect(relistened, "no new LISTEN connection").toBe(true);
    await writeConcurrently(targets, 5, "after");
    // …and has emitted everything once: before, during and after the outage.
    const count = await expectExactlyOnce(events, ids, startedAt, 5 * 25 * 2);
    expect(count).toBe(5 * 25 * 2);
  });
});
