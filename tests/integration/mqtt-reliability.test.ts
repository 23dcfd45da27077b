import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { desiredPatchTopic } from "@/lib/domain/mqtt";
import { MAX_UNREAD_BYTES } from "@/lib/device-endpoint/sessions";
import { callApi, getTwin, setupPolicies, sqlRows, twinPath } from "./support/api";
import {
  Mqtt,
  connectionString,
  deviceSdk,
  openClient,
  rawClient,
  registerIdentity,
  removeTlsDir,
  sleep,
  startEndpoint,
  stopEndpoint,
  waitFor,
  type Identity,
  type RunningEndpoint,
} from "./support/mqtt";

/**
 * Reliability of the device endpoint (issue "Device endpoint", reliability and security): a server
 * restart under load loses no acknowledged QoS 1 telemetry (a ledger of acknowledged sequence
 * numbers compared with the store), a device that reconnects reads the desired state written while
 * it was away, and a client that stops reading is cut off instead of growing server memory.
 */
let running: RunningEndpoint | null = null;
const DRAIN_TIMEOUT_MS = 3000;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  await setupPolicies();
  running = await startEndpoint({ drainTimeoutMs: DRAIN_TIMEOUT_MS });
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close().catch(() => {})));
});
afterAll(async () => {
  await stopEndpoint(running);
  removeTlsDir();
});

async function sdkDevice(id: Identity) {
  const client = deviceSdk.Client.fromConnectionString(connectionString(id, running!.port), Mqtt);
  closers.push(() => client.close());
  return openClient(client, running!.ca);
}

async function restartEndpoint() {
  const port = running!.port;
  await stopEndpoint(running, { keepHttp: true });
  running = await startEndpoint({ port, httpServer: running!.httpServer, drainTimeoutMs: DRAIN_TIMEOUT_MS });
}

describe("server restart under load", () => {
  it("keeps every acknowledged QoS 1 message (ledger against the store)", async () => {
    const id = await registerIdentity();
    const client = await sdkDevice(id);
    const acknowledged = new Set<number>();
    const failed = new Set<number>();
    const TOTAL = 150;
    const sends: Promise<void>[] = [];
    for (let seq = 0; seq < TOTAL; seq++) {
      const message = new deviceSdk.Message(JSON.stringify({ seq }));
      message.properties.add("seq", String(seq));
      // The SDK sends at QoS 1 and resolves on PUBACK; during the restart it fails or retries.
      sends.push(client.sendEvent(message).then(() => void acknowledged.add(seq), () => void failed.add(seq)));
      if (seq === 50) void restartEndpoint();
      await sleep(seq >= 50 && seq < 60 ? 100 : 5);
    }
    await Promise.all(sends);
    const stored = await sqlRows<{ seq: string }>("select properties->>'seq' as seq from messages where device_id = $1", [id.deviceId]);
    const inStore = new Set(stored.map((r) => Number(r.seq)));
    const lost = [...acknowledged].filter((seq) => !inStore.has(seq));
    expect(lost).toEqual([]);
    expect(acknowledged.size + failed.size).toBe(TOTAL);
    // The restart really happened in the middle, and most messages made it.
    expect(acknowledged.size).toBeGreaterThan(TOTAL / 2);
  }, 120_000);

  it("a device that reconnects reads the desired state written while it was away", async () => {
    const id = await registerIdentity();
    const client = await sdkDevice(id);
    // Listening for desired updates, as a device does: the SDK then reconnects by itself.
    const seen: number[] = [];
    (await client.getTwin()).on("properties.desired", (patch: { $version: number }) => seen.push(patch.$version));
    await waitFor("the desired subscription", async () => running!.endpoint.isSubscribed({ deviceId: id.deviceId }, desiredPatchTopic(2)));
    const port = running!.port;
    await stopEndpoint(running, { keepHttp: true });
    await waitFor("Disconnected", async () => (await getTwin(id.deviceId)).connectionState === "Disconnected");
    // Two writes while the device cannot be reached: a patch, then a newer one overriding it.
    await callApi("PATCH", twinPath(id.deviceId), { body: { properties: { desired: { mode: "eco", level: 1 } } } });
    await callApi("PATCH", twinPath(id.deviceId), { body: { properties: { desired: { level: 2 } } } });
    running = await startEndpoint({ port, httpServer: running!.httpServer, drainTimeoutMs: DRAIN_TIMEOUT_MS });
    await waitFor("the SDK to reconnect", async () => (await getTwin(id.deviceId)).connectionState === "Connected", 30_000);
    const twin = await client.getTwin();
    expect(twin.properties.desired).toMatchObject({ mode: "eco", level: 2, $version: 3 });
    // Nothing older than what it already applied reached its handler after the reconnect.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  }, 60_000);
});

describe("a client that stops reading", () => {
  it("is cut off once a megabyte of answers waits for it, and the server keeps serving others", async () => {
    const id = await registerIdentity();
    // A large desired section makes every twin GET answer about 24 KB: 2,000 unread answers ≈ 48 MB.
    const big = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, "x".repeat(4000)]));
    await callApi("PATCH", twinPath(id.deviceId), { body: { properties: { desired: big } } });
    const client = await rawClient(running!, id);
    closers.push(() => new Promise((resolve) => client.end(true, {}, resolve)));
    await new Promise((resolve) => client.subscribe("$iothub/twin/res/#", resolve));
    // Stop reading from the socket, then keep asking.
    (client.stream as unknown as { pause(): void }).pause();
    for (let rid = 0; rid < 2000; rid++) client.publish(`$iothub/twin/GET/?$rid=${rid}`, "");
    let maxBuffered = 0;
    await waitFor(
      "the server to drop the non-reading client",
      async () => {
        maxBuffered = Math.max(maxBuffered, running!.endpoint.bufferedBytes());
        return !running!.endpoint.isConnected({ deviceId: id.deviceId });
      },
      DRAIN_TIMEOUT_MS + 20_000,
    );
    // Cut off once a megabyte of answers waited in the server for it (the kernel's socket buffers
    // take the first few megabytes), never holding more.
    expect(maxBuffered).toBeLessThan(MAX_UNREAD_BYTES + 64 * 1024);

    const other = await registerIdentity();
    const healthy = await sdkDevice(other);
    expect((await healthy.getTwin()).properties.desired.$version).toBe(1);
  }, 60_000);
});
