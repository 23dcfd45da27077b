import mqtt, { type MqttClient } from "mqtt";
import { signSasToken } from "@/lib/domain/identity";
import { encodePropertyBag } from "@/lib/domain/mqtt";
import { isJsonObject, type JsonObject, type JsonValue } from "@/lib/domain/twins";
import type { Scheduler, TaskHandle } from "./scheduler";

/**
 * One device-side MQTT connection speaking IoT Hub's topics (reference §10) as one identity, with
 * mqtt.js: twin GET, reported PATCH, desired updates, output events. The password is a
 * device-scope SAS token (`sr={host}/devices/{d}`, signed with the device key), which the hub
 * accepts for the device's own modules, as edgeHub does: the simulator keeps one key per device.
 */
export type ConnectionTarget = {
  url: string;
  ca?: string;
  hostName: string;
  deviceId: string;
  moduleId?: string;
  deviceKey: string;
  reconnectMs: number;
  /** The simulator's clock (tests move it); tokens are signed against it. Defaults to Date.now. */
  now?: () => number;
  /** Validity of each SAS token, seconds (default 3600, as modules' tokens, §11). */
  tokenValiditySecs?: number;
};

export type TwinDocument = { desired: JsonObject; reported: JsonObject };
type Pending = { resolve: (r: { status: number; version?: number; body: string }) => void; reject: (e: Error) => void; timeout: TaskHandle };

const TWIN_RESPONSE = /^\$iothub\/twin\/res\/(\d{3})\/\?(.*)$/;
const DESIRED_PATCH = /^\$iothub\/twin\/PATCH\/properties\/desired\/\?(.*)$/;
const METHOD_REQUEST = /^\$iothub\/methods\/POST\/([^/]+)\/\?(.*)$/;

export type MethodHandler = (name: string, payload: JsonValue | undefined) => Promise<{ status: number; payload: JsonValue }>;
const REQUEST_TIMEOUT_MS = 30_000;

function queryOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split("&")) {
    const eq = pair.indexOf("=");
    if (eq > 0) out[decodeURIComponent(pair.slice(0, eq))] = decodeURIComponent(pair.slice(eq + 1));
  }
  return out;
}

export class IdentityConnection {
  private client: MqttClient | null = null;
  private pending = new Map<string, Pending>();
  private ridSeq = 0;
  private wantsOpen = false;
  isConnected = false;
  /** Expiry (ms) of the token last presented; the hub validated it when `onConnect` fired. */
  tokenExpiresAt: number | null = null;
  onConnect: () => void = () => {};
  onDisconnect: () => void = () => {};
  onDesired: (patch: JsonObject, version: number) => void = () => {};
  /** Set before open() to receive direct methods (subscribes to `$iothub/methods/POST/#`). */
  onMethod: MethodHandler | null = null;

  constructor(
    readonly target: ConnectionTarget,
    private readonly scheduler: Scheduler,
  ) {}

  get clientId(): string {
    return this.target.moduleId === undefined ? this.target.deviceId : `${this.target.deviceId}/${this.target.moduleId}`;
  }

  private password(): string {
    const expirySeconds = Math.floor((this.target.now ?? Date.now)() / 1000) + (this.target.tokenValiditySecs ?? 3600);
    this.tokenExpiresAt = expirySeconds * 1000;
    return signSasToken({ resourceUri: `${this.target.hostName}/devices/${this.target.deviceId}`, keyBase64: this.target.deviceKey, expirySeconds });
  }

  open(): void {
    this.wantsOpen = true;
    if (this.client) return;
    const client = mqtt.connect(this.target.url, {
      clientId: this.clientId,
      username: `${this.target.hostName}/${this.clientId}/?api-version=2021-04-12&DeviceClientType=edgedeck-simulator`,
      password: this.password(),
      ca: this.target.ca,
      protocolVersion: 4,
      clean: true,
      keepalive: 180,
      reschedulePings: false,
      reconnectPeriod: this.target.reconnectMs,
      connectTimeout: 30_000,
      resubscribe: false,
    });
    this.client = client;
    client.on("connect", () => {
      this.isConnected = true;
      const topics = ["$iothub/twin/res/#", "$iothub/twin/PATCH/properties/desired/#", ...(this.onMethod ? ["$iothub/methods/POST/#"] : [])];
      client.subscribe(topics, { qos: 0 }, (error) => {
        if (!error && this.client === client) this.onConnect();
      });
    });
    // A fresh token for every reconnect: tokens expire, and the hub ends sessions whose token did.
    client.on("reconnect", () => {
      client.options.password = this.password();
    });
    client.on("close", () => {
      const was = this.isConnected;
      this.isConnected = false;
      this.failPending(new Error("connection closed"));
      if (was) this.onDisconnect();
    });
    client.on("error", (error) => {
      // Dropped: mqtt.js reconnects after reconnectPeriod and 'close' reports it. A refused CONNECT
      // (numeric CONNACK code: identity missing, token rejected) ends mqtt.js's retries, so start
      // over with a new client later, as the device SDKs retry. (mqtt.js's own
      // reconnectOnConnackError races its 'close' reconnect and ends up with two sessions.)
      if (typeof (error as { code?: unknown }).code !== "number" || this.client !== client) return;
      this.client = null;
      client.end(true);
      this.scheduler.after(this.target.reconnectMs, () => {
        if (this.wantsOpen && !this.client) this.open();
      });
    });
    client.on("message", (topic, payload) => this.handleMessage(topic, payload));
  }

  async close(): Promise<void> {
    this.wantsOpen = false;
    const client = this.client;
    this.client = null;
    if (!client) return;
    await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
    if (this.isConnected) {
      this.isConnected = false;
      this.onDisconnect();
    }
    this.failPending(new Error("connection closed"));
  }

  private failPending(error: Error): void {
    for (const [rid, p] of this.pending) {
      p.timeout.cancel();
      p.reject(error);
      this.pending.delete(rid);
    }
  }

  private handleMessage(topic: string, payload: Buffer): void {
    const res = TWIN_RESPONSE.exec(topic);
    if (res) {
      const query = queryOf(res[2]!);
      const pending = query.$rid ? this.pending.get(query.$rid) : undefined;
      if (!pending) return;
      this.pending.delete(query.$rid!);
      pending.timeout.cancel();
      pending.resolve({ status: Number(res[1]), version: query.$version ? Number(query.$version) : undefined, body: payload.toString("utf8") });
      return;
    }
    const method = METHOD_REQUEST.exec(topic);
    if (method && this.onMethod) {
      void this.answerMethod(decodeURIComponent(method[1]!), queryOf(method[2]!).$rid, payload);
      return;
    }
    const desired = DESIRED_PATCH.exec(topic);
    if (desired) {
      try {
        const patch = JSON.parse(payload.toString("utf8")) as unknown;
        if (!isJsonObject(patch)) return;
        this.onDesired(patch, Number(queryOf(desired[1]!).$version ?? patch.$version));
      } catch {
        /* not JSON: nothing a module could do with it */
      }
    }
  }

  private async answerMethod(name: string, rid: string | undefined, payload: Buffer): Promise<void> {
    if (!rid || !this.onMethod) return;
    let request: JsonValue | undefined;
    try {
      request = payload.length ? (JSON.parse(payload.toString("utf8")) as JsonValue) : undefined;
    } catch {
      request = undefined;
    }
    const answer = await this.onMethod(name, request).catch((error: Error) => ({ status: 500, payload: { message: error.message } as JsonValue }));
    this.client?.publish(`$iothub/methods/res/${answer.status}/?$rid=${rid}`, JSON.stringify(answer.payload), { qos: 0 });
  }

  private request(topicBase: string, body: string): Promise<{ status: number; version?: number; body: string }> {
    const client = this.client;
    if (!client || !this.isConnected) return Promise.reject(new Error(`${this.clientId} is not connected`));
    const rid = String(++this.ridSeq);
    return new Promise((resolve, reject) => {
      const timeout = this.scheduler.after(REQUEST_TIMEOUT_MS, () => {
        if (this.pending.delete(rid)) reject(new Error(`${this.clientId}: no answer to ${topicBase}`));
      });
      this.pending.set(rid, { resolve, reject, timeout });
      client.publish(`${topicBase}?$rid=${rid}`, body, { qos: 0 });
    });
  }

  async getTwin(): Promise<TwinDocument> {
    const res = await this.request("$iothub/twin/GET/", " ");
    if (res.status !== 200) throw new Error(`${this.clientId}: twin GET answered ${res.status} ${res.body.slice(0, 200)}`);
    const doc = JSON.parse(res.body) as { desired?: JsonObject; reported?: JsonObject };
    return { desired: doc.desired ?? {}, reported: doc.reported ?? {} };
  }

  /** Sends a reported patch; resolves with the new reported `$version`. */
  async patchReported(patch: JsonObject): Promise<number | undefined> {
    const res = await this.request("$iothub/twin/PATCH/properties/reported/", JSON.stringify(patch));
    if (res.status !== 204 && res.status !== 200) throw new Error(`${this.clientId}: reported PATCH answered ${res.status} ${res.body.slice(0, 300)}`);
    return res.version;
  }

  /** `sendOutputEvent`: `devices/{d}/modules/{m}/messages/events/{bag with $.on}/` at QoS 1 (§10.2). */
  sendOutputEvent(outputName: string, body: string, properties: Record<string, string> = {}): void {
    void this.publishOutputEvent(outputName, body, properties).catch(() => {});
  }

  /** The same, resolving on PUBACK: the hub acknowledges a QoS 1 message once it is stored. */
  publishOutputEvent(outputName: string, body: string, properties: Record<string, string> = {}): Promise<void> {
    const client = this.client;
    if (!client || !this.isConnected || this.target.moduleId === undefined) return Promise.reject(new Error(`${this.clientId} is not connected`));
    const bag = encodePropertyBag({ system: { outputName, contentType: "application/json", contentEncoding: "utf-8" }, application: properties });
    return new Promise((resolve, reject) => {
      client.publish(`devices/${this.target.deviceId}/modules/${this.target.moduleId}/messages/events/${bag}/`, body, { qos: 1 }, (error) => (error ? reject(error) : resolve()));
    });
  }
}
