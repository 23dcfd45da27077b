import fs from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { acceptedHosts } from "@/lib/api/accepted-hosts";
import { startDeviceEndpoint, type DeviceEndpoint } from "@/lib/device-endpoint/device-endpoint";
import { loadTlsMaterial, type TlsMaterial } from "@/lib/device-endpoint/tls-material";
import { signSasToken } from "@/lib/domain/identity";
import { callApi, createDevice, createModule, enc, uniqueId } from "./api";

/**
 * The MQTT endpoint as the tests run it: real TLS (a CA generated into a temp folder, as on first
 * start), a free port, the store of the test process, and an HTTP server for the WebSocket path.
 * The official SDK and mqtt.js are CommonJS, so they are required, not imported.
 */
const require = createRequire(import.meta.url);
export const deviceSdk = require("azure-iot-device") as typeof import("azure-iot-device");
export const { Mqtt, MqttWs } = require("azure-iot-device-mqtt") as typeof import("azure-iot-device-mqtt");
export const mqtt = require("mqtt") as typeof import("mqtt");

export type RunningEndpoint = { endpoint: DeviceEndpoint; port: number; ca: string; tls: TlsMaterial; httpServer: HttpServer; httpPort: number };

let tlsDir: string | null = null;

/** Starts (or, given `port`, restarts on the same port) the endpoint with one CA per test file. */
export async function startEndpoint(options: { port?: number; httpServer?: HttpServer; drainTimeoutMs?: number } = {}): Promise<RunningEndpoint> {
  tlsDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-mqtt-tls-"));
  const tls = await loadTlsMaterial({ kind: "generated", dir: tlsDir, hostNames: ["localhost"] });
  const httpServer = options.httpServer ?? createServer((_req, res) => res.writeHead(404).end());
  if (!httpServer.listening) await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const endpoint = await startDeviceEndpoint({
    host: "127.0.0.1",
    port: options.port ?? 0,
    tls,
    acceptedHosts: acceptedHosts(),
    httpServer,
    activityEveryMs: 0,
    drainTimeoutMs: options.drainTimeoutMs,
  });
  const httpPort = (httpServer.address() as { port: number }).port;
  return { endpoint, port: endpoint.port, ca: tls.caPem!, tls, httpServer, httpPort };
}

export async function stopEndpoint(running: RunningEndpoint | null, options: { keepHttp?: boolean } = {}): Promise<void> {
  if (!running) return;
  await running.endpoint.close();
  if (!options.keepHttp) await new Promise<void>((resolve) => running.httpServer.close(() => resolve()));
}

export function removeTlsDir(): void {
  if (tlsDir) fs.rmSync(tlsDir, { recursive: true, force: true });
  tlsDir = null;
}

export type Identity = { deviceId: string; moduleId?: string; key: string };

/** A registered device (and optionally a module of it) with its primary key, through the REST API. */
export async function registerIdentity(options: { module?: boolean; prefix?: string } = {}): Promise<Identity> {
  const { deviceId, device } = await createDevice({ id: uniqueId(options.prefix ?? "mq") });
  if (!options.module) return { deviceId, key: device.authentication.symmetricKey.primaryKey };
  const { moduleId, module } = await createModule(deviceId);
  return { deviceId, moduleId, key: module.authentication.symmetricKey.primaryKey };
}

export const connectionString = (id: Identity, port: number, host = "127.0.0.1") =>
  `HostName=${host}:${port};DeviceId=${id.deviceId};${id.moduleId ? `ModuleId=${id.moduleId};` : ""}SharedAccessKey=${id.key}`;

export const resourceOf = (id: Pick<Identity, "deviceId" | "moduleId">, host = "127.0.0.1") =>
  `${host}/devices/${id.deviceId}${id.moduleId ? `/modules/${id.moduleId}` : ""}`;

/** A device token as the SDK makes it; `ttlSeconds` may be negative. */
export const deviceToken = (id: Pick<Identity, "deviceId" | "moduleId">, key: string, ttlSeconds = 3600, resource = resourceOf(id)) =>
  signSasToken({ resourceUri: resource, keyBase64: key, expirySeconds: Math.floor(Date.now() / 1000) + ttlSeconds });

type RawOptions = { clientId?: string; username?: string; password?: string; ws?: boolean };

/**
 * A plain mqtt.js client speaking the IoT Hub conventions by hand, for what the SDK never does
 * (foreign topics, `#`, bad ids). Resolves once CONNACK arrived; rejects with the CONNACK error.
 */
export function rawClient(running: RunningEndpoint, id: Identity, options: RawOptions = {}): Promise<import("mqtt").MqttClient> {
  const clientId = options.clientId ?? (id.moduleId ? `${id.deviceId}/${id.moduleId}` : id.deviceId);
  const url = options.ws ? `ws://127.0.0.1:${running.httpPort}/$iothub/websocket` : `mqtts://127.0.0.1:${running.port}`;
  const client = mqtt.connect(url, {
    clientId,
    username: options.username ?? `127.0.0.1/${clientId}/?api-version=2021-04-12`,
    password: options.password ?? deviceToken(id, id.key),
    ca: running.ca,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  return new Promise((resolve, reject) => {
    client.once("connect", () => resolve(client));
    client.once("error", (error) => {
      client.end(true);
      reject(error);
    });
    client.once("close", () => reject(new Error("closed before CONNACK")));
  });
}

/** The SDK's `open` with the CA, as a promise. */
export async function openClient<T extends { setOptions(o: object): unknown; open(): Promise<unknown> }>(client: T, ca: string): Promise<T> {
  await client.setOptions({ ca });
  await client.open();
  return client;
}

/** A client of the official SDK: a module client for a module identity, a device client otherwise. */
export type SdkClient = InstanceType<typeof deviceSdk.ModuleClient> | InstanceType<typeof deviceSdk.Client>;

/** Opens the official SDK's client for `id` over MQTT/TLS and adds it to `opened` (the caller closes those after each test). */
export async function connectSdk(running: RunningEndpoint, id: Identity, opened: SdkClient[]): Promise<SdkClient> {
  const cs = connectionString(id, running.port);
  const client = id.moduleId ? deviceSdk.ModuleClient.fromConnectionString(cs, Mqtt) : deviceSdk.Client.fromConnectionString(cs, Mqtt);
  opened.push(client);
  return openClient(client, running.ca);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export async function messagesOf(deviceId: string, moduleId?: string) {
  const res = await callApi("GET", `/api/devices/${enc(deviceId)}/messages${moduleId ? `?moduleId=${enc(moduleId)}` : ""}`);
  if (res.status !== 200) throw new Error(`messages of ${deviceId}: ${res.status} ${res.text}`);
  return res.json as Array<Record<string, unknown> & { systemProperties: Record<string, string>; properties: Record<string, string> }>;
}
