import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { expect, ownerAuthHeader, test } from "../fixtures";

/**
 * Two server processes on one PostgreSQL (issue: "Live module status"): a device connected to node A,
 * a console socket and REST calls on node B. Desired patches made on B reach the device on A, the
 * device's reported changes reach B's socket, a direct method called on B is answered by the device
 * on A, a reconnect on B ends the session on A, and when A is killed, B marks its sessions
 * Disconnected. Production build, real PostgreSQL 15, the official device SDK.
 */
const require = createRequire(import.meta.url);
const { Client, Message } = require("azure-iot-device") as typeof import("azure-iot-device");
const { Mqtt } = require("azure-iot-device-mqtt") as typeof import("azure-iot-device-mqtt");
const mqtt = require("mqtt") as typeof import("mqtt");

type Node = { name: string; port: number; mqttPort: number; process: ChildProcess; dataDir: string; log: string[] };

const ownerKey = process.env.EDGEDECK_OWNER_KEY!;
let postgres: { process: ChildProcess; url: string } | null = null;
let nodeA: Node;
let nodeB: Node;
const sdkClients: InstanceType<typeof Client>[] = [];
const sockets: Socket[] = [];

test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** `node scripts/test-postgres.mjs` prints the URL of a throwaway cluster and stops it on SIGINT. */
async function startPostgres() {
  const child = spawn(process.execPath, ["scripts/test-postgres.mjs"], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start: ${out}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /postgres:\/\/\S+/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`test-postgres exited with ${code}: ${out}`)));
  });
  return { process: child, url };
}

async function startNode(name: string, databaseUrl: string): Promise<Node> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `edgedeck-cluster-${name}-`));
  const log: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      MQTT_PORT: String(mqttPort),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      EDGEDECK_DEMO: "0",
      EDGEDECK_OWNER_KEY: ownerKey,
      CLUSTER_NODE_TIMEOUT_SECONDS: "3",
      FORCE_COLOR: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (c: Buffer) => log.push(c.toString()));
  child.stderr!.on("data", (c: Buffer) => log.push(c.toString()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node ${name} exited: ${log.join("")}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`node ${name} did not start: ${log.join("")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { name, port, mqttPort, process: child, dataDir, log };
}

function stopNode(node: Node | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (!node || node.process.exitCode !== null || node.process.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    node.process.once("exit", () => resolve());
    node.process.kill(signal);
  });
}

const api = (node: Node, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${node.port}/api${pathname}`, {
    method,
    headers: { authorization: ownerAuthHeader(), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function createDevice(node: Node): Promise<{ deviceId: string; key: string }> {
  const deviceId = `cluster-${randomBytes(4).toString("hex")}`;
  const res = await api(node, "PUT", `/devices/${deviceId}`, { deviceId });
  expect(res.status).toBe(200);
  const device = (await res.json()) as { authentication: { symmetricKey: { primaryKey: string } } };
  return { deviceId, key: device.authentication.symmetricKey.primaryKey };
}

/** The official SDK's device client on a node's MQTT port, trusting that node's generated CA. */
async function connectDevice(node: Node, device: { deviceId: string; key: string }) {
  const ca = await (await fetch(`http://127.0.0.1:${node.port}/api/tls/ca.pem`)).text();
  const client = Client.fromConnectionString(`HostName=127.0.0.1:${node.mqttPort};DeviceId=${device.deviceId};SharedAccessKey=${device.key}`, Mqtt);
  await client.setOptions({ ca });
  await client.open();
  sdkClients.push(client);
  return client;
}

/** A plain MQTT client that does not reconnect by itself (the SDK would, and take the session back). */
async function connectRaw(node: Node, device: { deviceId: string; key: string }) {
  const ca = await (await fetch(`http://127.0.0.1:${node.port}/api/tls/ca.pem`)).text();
  const resource = encodeURIComponent(`127.0.0.1/devices/${device.deviceId}`);
  const expiry = Math.floor(Date.now() / 1000) + 3600;
  const sig = createHmac("sha256", Buffer.from(device.key, "base64")).update(`${resource}\n${expiry}`).digest("base64");
  const client = mqtt.connect(`mqtts://127.0.0.1:${node.mqttPort}`, {
    ca,
    clientId: device.deviceId,
    username: `127.0.0.1/${device.deviceId}/?api-version=2021-04-12`,
    password: `SharedAccessSignature sr=${resource}&sig=${encodeURIComponent(sig)}&se=${expiry}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", () => resolve());
    client.once("error", reject);
  });
  return client;
}

async function consoleSocket(node: Node, deviceId: string) {
  const socket = io(`http://127.0.0.1:${node.port}`, { transports: ["websocket"], auth: { token: ownerAuthHeader() }, reconnection: false });
  sockets.push(socket);
  const events: { kind: string; version: number | null; body?: string }[] = [];
  socket.on("changes", (batch: { kind: string; version: number | null }[]) => events.push(...batch));
  socket.on("message", (message: { body: string }) => events.push({ kind: "message", version: null, body: message.body }));
  await new Promise<void>((resolve, reject) => {
    socket.on("connect_error", reject);
    socket.on("connect", () => socket.emit("subscribe", { room: `device:${deviceId}` }, () => resolve()));
  });
  return events;
}

async function connectionState(node: Node, deviceId: string): Promise<string> {
  const res = await api(node, "GET", `/devices/${deviceId}`);
  return ((await res.json()) as { connectionState: string }).connectionState;
}

test.beforeAll(async ({}, testInfo) => {
  // PostgreSQL plus two production servers: well over the default hook time on a busy machine.
  testInfo.setTimeout(180_000);
  postgres = await startPostgres();
  // Both at once: migrations run under an advisory lock, as they would on a real rollout.
  [nodeA, nodeB] = await Promise.all([startNode("a", postgres.url), startNode("b", postgres.url)]);
});

test.afterAll(async ({}, testInfo) => {
  testInfo.setTimeout(60_000);
  for (const socket of sockets) socket.disconnect();
  await Promise.all(sdkClients.map((c) => c.close().catch(() => {})));
  await Promise.all([stopNode(nodeA), stopNode(nodeB)]);
  for (const node of [nodeA, nodeB]) if (node) fs.rmSync(node.dataDir, { recursive: true, force: true });
  if (postgres) {
    const pg = postgres.process;
    await new Promise<void>((resolve) => {
      pg.once("exit", () => resolve());
      pg.kill("SIGINT");
    });
  }
});

test("desired from node B reaches the device on node A; its reported and telemetry reach B's console socket", async () => {
  const device = await createDevice(nodeA);
  const events = await consoleSocket(nodeB, device.deviceId);
  const client = await connectDevice(nodeA, device);
  const twin = await client.getTwin();
  const desired = new Promise<Record<string, unknown>>((resolve) =>
    twin.on("properties.desired", (patch: Record<string, unknown>) => {
      if (patch.interval === 7) resolve(patch);
    }),
  );
  const patch = await api(nodeB, "PATCH", `/twins/${device.deviceId}`, { properties: { desired: { interval: 7 } } }, { "if-match": "*" });
  expect(patch.status).toBe(200);
  expect((await desired).interval).toBe(7);

  await new Promise<void>((resolve, reject) => twin.properties.reported.update({ temperature: 21 }, (e?: Error) => (e ? reject(e) : resolve())));
  await expect.poll(() => events.find((e) => e.kind === "twin.reported")?.version, { timeout: 10_000 }).toBeGreaterThan(1);
  expect(events.some((e) => e.kind === "connection.changed")).toBe(true);
  // B's view of the store agrees: connected (on A), reported written by A.
  expect(await connectionState(nodeB, device.deviceId)).toBe("Connected");
  const stored = (await (await api(nodeB, "GET", `/twins/${device.deviceId}`)).json()) as { properties: { reported: { temperature?: number } } };
  expect(stored.properties.reported.temperature).toBe(21);

  // Telemetry is not in the change feed: node A sends it to the device room through the adapter.
  await client.sendEvent(new Message(JSON.stringify({ temperature: 22 })));
  await expect.poll(() => events.find((e) => e.kind === "message")?.body, { timeout: 10_000 }).toBe('{"temperature":22}');
});

test("a direct method called on node B is answered by the device connected to node A", async () => {
  const device = await createDevice(nodeA);
  const client = await connectDevice(nodeA, device);
  client.onDeviceMethod("reboot", (request, response) => {
    void response.send(200, { delay: (request.payload as { delay: number }).delay, answeredBy: "device" });
  });
  await expect
    .poll(async () => (await api(nodeB, "POST", `/twins/${device.deviceId}/methods`, { methodName: "reboot", payload: { delay: 3 }, responseTimeoutInSeconds: 10 })).status, {
      timeout: 10_000,
    })
    .toBe(200);
  const res = await api(nodeB, "POST", `/twins/${device.deviceId}/methods`, { methodName: "reboot", payload: { delay: 5 }, responseTimeoutInSeconds: 10 });
  expect(await res.json()).toEqual({ status: 200, payload: { delay: 5, answeredBy: "device" } });
  // A method the device does not answer times out with 504 through the bus too.
  const silent = await api(nodeB, "POST", `/twins/${device.deviceId}/methods`, { methodName: "ignored", responseTimeoutInSeconds: 5 });
  expect(silent.status).toBe(504);
  // And a device connected nowhere is 404, as on one node.
  const offline = await createDevice(nodeA);
  const none = await api(nodeB, "POST", `/twins/${offline.deviceId}/methods`, { methodName: "reboot", responseTimeoutInSeconds: 5 });
  expect([none.status, ((await none.json()) as { error: { code: string } }).error.code]).toEqual([404, "DeviceNotOnline"]);
});

test("connecting the same device to node B ends its session on node A, and the store says Connected", async () => {
  const device = await createDevice(nodeA);
  const first = await connectRaw(nodeA, device);
  await expect.poll(() => connectionState(nodeB, device.deviceId)).toBe("Connected");
  const firstDropped = new Promise<void>((resolve) => first.once("close", () => resolve()));
  await connectDevice(nodeB, device);
  await firstDropped;
  // The old session's late Disconnected must not win over the new session.
  await new Promise((r) => setTimeout(r, 1000));
  expect(await connectionState(nodeA, device.deviceId)).toBe("Connected");
});

test("when node A dies, node B marks the devices it held Disconnected", async () => {
  const device = await createDevice(nodeA);
  await connectDevice(nodeA, device);
  await expect.poll(() => connectionState(nodeB, device.deviceId)).toBe("Connected");
  await stopNode(nodeA, "SIGKILL");
  // CLUSTER_NODE_TIMEOUT_SECONDS=3, swept every second.
  await expect.poll(() => connectionState(nodeB, device.deviceId), { timeout: 20_000 }).toBe("Disconnected");
});
