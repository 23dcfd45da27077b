import tls from "node:tls";
import type { MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callApi, enc, setupPolicies, sqlRows, twinPath } from "./support/api";
import {
  messagesOf,
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
 * What a connected client may do (reference §10.3 points 3-5), spoken by hand with mqtt.js: only its
 * own telemetry topic and the `$iothub` request topics; subscriptions only to its own families;
 * refused publishes end the connection and store nothing; the hub's answers reach only the asker.
 * Also the twin topics on the wire, direct-method failures and MQTT over WebSocket.
 */
let running: RunningEndpoint;
const open: MqttClient[] = [];

beforeAll(async () => {
  await setupPolicies();
  running = await startEndpoint();
});
afterEach(() => {
  for (const c of open.splice(0)) c.end(true);
});
afterAll(async () => {
  await stopEndpoint(running);
  removeTlsDir();
});

async function connect(id: Identity, options: Parameters<typeof rawClient>[2] = {}) {
  const client = await rawClient(running, id, options);
  open.push(client);
  return client;
}

const closed = (client: MqttClient) => new Promise<void>((resolve) => (client.connected ? client.once("close", () => resolve()) : resolve()));

/** The QoS the broker granted; mqtt.js 5 reports a refusal (128) as an error carrying the SUBACK. */
const subscribe = (client: MqttClient, topic: string, qos: 0 | 1 | 2) =>
  new Promise<number>((resolve, reject) =>
    client.subscribe(topic, { qos }, (err, granted) => {
      const suback = (err as { packet?: { granted?: number[] } } | null)?.packet?.granted;
      if (err && !suback) return reject(err);
      resolve(suback ? suback[0] : (granted?.[0]?.qos ?? -1));
    }),
  );

/** Publishes a request and resolves with the first message on a topic starting with `responsePrefix`. */
function request(client: MqttClient, topic: string, body: string, responsePrefix: string) {
  return new Promise<{ topic: string; body: string }>((resolve) => {
    const onMessage = (t: string, payload: Buffer) => {
      if (!t.startsWith(responsePrefix)) return;
      client.off("message", onMessage);
      resolve({ topic: t, body: payload.toString() });
    };
    client.on("message", onMessage);
    client.publish(topic, body, { qos: 0 });
  });
}

describe("publish ACL", () => {
  it.each<[string, (m: Identity, other: Identity) => string, 0 | 1 | 2]>([
    ["another device's telemetry topic", (_m, o) => `devices/${o.deviceId}/messages/events/`, 1],
    ["another device's module telemetry", (m, o) => `devices/${o.deviceId}/modules/${m.moduleId}/messages/events/`, 1],
    ["its device's telemetry topic", (m) => `devices/${m.deviceId}/messages/events/`, 1],
    ["a method request to everyone subscribed", () => "$iothub/methods/POST/reboot/?$rid=1", 0],
    ["a desired patch", () => "$iothub/twin/PATCH/properties/desired/?$version=99", 0],
    ["its own inputs", (m) => `devices/${m.deviceId}/modules/${m.moduleId}/inputs/in1/`, 1],
    ["QoS 2 on its own telemetry topic", (m) => `devices/${m.deviceId}/modules/${m.moduleId}/messages/events/`, 2],
    ["a malformed property bag", (m) => `devices/${m.deviceId}/modules/${m.moduleId}/messages/events/a=%zz`, 1],
  ])("a module publishing to %s is disconnected and nothing is stored", async (_name, topicOf, qos) => {
    const mod = await registerIdentity({ module: true });
    const other = await registerIdentity({ module: true });
    const listener = await connect(other);
    expect(await subscribe(listener, "$iothub/methods/POST/#", 0)).toBe(0);
    const received: string[] = [];
    listener.on("message", (t) => received.push(t));
    const client = await connect(mod);
    client.publish(topicOf(mod, other), "x", { qos });
    await closed(client);
    await sleep(200);
    expect(received).toEqual([]);
    expect(await messagesOf(mod.deviceId)).toEqual([]);
    expect(await messagesOf(other.deviceId)).toEqual([]);
  });

  it("refuses a message over 256 KB by disconnecting, and stores one of exactly 256 KB", async () => {
    const id = await registerIdentity();
    const client = await connect(id);
    await new Promise<void>((resolve, reject) =>
      client.publish(`devices/${id.deviceId}/messages/events/`, Buffer.alloc(256 * 1024, 65), { qos: 1 }, (e) => (e ? reject(e) : resolve())),
    );
    client.publish(`devices/${id.deviceId}/messages/events/`, Buffer.alloc(256 * 1024 + 1, 65), { qos: 1 });
    await closed(client);
    expect((await messagesOf(id.deviceId)).map((m) => m.size)).toEqual([256 * 1024]);
  });

  it("closes the connection as soon as a packet announces more than the limit, CONNECT included", async () => {
    const id = await registerIdentity();
    const client = await connect(id);
    client.publish(`devices/${id.deviceId}/messages/events/`, Buffer.alloc(4 * 1024 * 1024, 65), { qos: 0 });
    await closed(client);
    expect(await messagesOf(id.deviceId)).toEqual([]);
    // A CONNECT announcing 100 MB: refused after its header, not buffered until it arrives.
    const socket = tls.connect({ host: "127.0.0.1", port: running.port, ca: running.ca });
    socket.on("error", () => {}); // the reset is the expected outcome
    await new Promise<void>((resolve) => socket.once("secureConnect", () => resolve()));
    let length = 100 * 1024 * 1024;
    const header = [0x10];
    do {
      header.push((length % 128) | (length >= 128 ? 0x80 : 0));
      length = Math.floor(length / 128);
    } while (length > 0);
    socket.write(Buffer.concat([Buffer.from(header), Buffer.alloc(64 * 1024, 0)]));
    await new Promise<void>((resolve) => socket.once("close", () => resolve()));
  });

  it("does not retain: RETAIN becomes the mqtt-retain property", async () => {
    const id = await registerIdentity();
    const client = await connect(id);
    await new Promise<void>((resolve) => client.publish(`devices/${id.deviceId}/messages/events/k=v`, "r", { qos: 1, retain: true }, () => resolve()));
    const [stored] = await messagesOf(id.deviceId);
    expect(stored?.properties).toEqual({ k: "v", "mqtt-retain": "true" });
  });
});

describe("subscribe ACL", () => {
  it.each<[string, 0 | 1 | 2, number, (id: Identity) => string]>([
    ["#", 0, 128, () => "#"],
    ["$iothub/#", 0, 128, () => "$iothub/#"],
    ["$SYS/#", 0, 128, () => "$SYS/#"],
    ["another device's module inputs", 1, 128, () => "devices/someone/modules/m/inputs/#"],
    ["all devices' C2D", 1, 128, () => "devices/+/messages/devicebound/#"],
    ["others' twin requests", 0, 128, () => "$iothub/twin/GET/#"],
    ["its own inputs (QoS 2 granted as 1)", 2, 1, (id) => `devices/${id.deviceId}/modules/${id.moduleId}/inputs/#`],
    ["twin responses", 0, 0, () => "$iothub/twin/res/#"],
    ["methods", 1, 1, () => "$iothub/methods/POST/#"],
  ])("%s: QoS %s requested, %s granted", async (_name, qos, granted, filterOf) => {
    const id = await registerIdentity({ module: true });
    const client = await connect(id);
    expect(await subscribe(client, filterOf(id), qos)).toBe(granted);
    expect(client.connected).toBe(true);
  });
});

describe("twin topics on the wire", () => {
  it("answers GET with desired and reported without $metadata, only to the asker", async () => {
    const id = await registerIdentity({ module: true });
    const bystander = await connect(await registerIdentity({ module: true }));
    await subscribe(bystander, "$iothub/twin/res/#", 0);
    const seen: string[] = [];
    bystander.on("message", (t) => seen.push(t));
    const client = await connect(id);
    await subscribe(client, "$iothub/twin/res/#", 0);
    const res = await request(client, "$iothub/twin/GET/?$rid=r1", " ", "$iothub/twin/res/");
    expect(res.topic).toBe("$iothub/twin/res/200/?$rid=r1");
    expect(JSON.parse(res.body)).toEqual({ desired: { $version: 1 }, reported: { $version: 1 } });
    await sleep(100);
    expect(seen).toEqual([]);
  });

  it("answers a reported PATCH with 204 and the new version, and refusals with 400 and errorCode", async () => {
    const id = await registerIdentity();
    const client = await connect(id);
    await subscribe(client, "$iothub/twin/res/#", 0);
    const ok = await request(client, "$iothub/twin/PATCH/properties/reported/?$rid=p1", '{"a":1}', "$iothub/twin/res/");
    expect(ok.topic).toBe("$iothub/twin/res/204/?$rid=p1&$version=2");
    for (const body of ["not json", '{"a.b":1}', '{"a":"\\u0000"}', "[1]"]) {
      const bad = await request(client, "$iothub/twin/PATCH/properties/reported/?$rid=p2", body, "$iothub/twin/res/");
      expect(bad.topic, body).toBe("$iothub/twin/res/400/?$rid=p2");
      expect(JSON.parse(bad.body), body).toMatchObject({ errorCode: 400004, message: expect.any(String) });
    }
    const [row] = await sqlRows<{ reported_version: number }>("select reported_version from devices where device_id = $1", [id.deviceId]);
    expect(row?.reported_version).toBe(2);
  });
});

describe("direct method failures", () => {
  const invoke = (id: Identity, body: Record<string, unknown>) =>
    callApi("POST", `${twinPath(id.deviceId, id.moduleId)}/methods`, { body: { methodName: "m", responseTimeoutInSeconds: 5, ...body } });

  it("is 404 DeviceNotOnline when not connected, or connected but not subscribed", async () => {
    const id = await registerIdentity({ module: true });
    const res = await invoke(id, {});
    expect([res.status, res.json.error.code]).toEqual([404, "DeviceNotOnline"]);
    await connect(id);
    expect((await invoke(id, {})).json.error.code).toBe("DeviceNotOnline");
  });

  it("waits connectTimeoutInSeconds for the device to come online", async () => {
    const id = await registerIdentity();
    const pending = invoke(id, { connectTimeoutInSeconds: 10 });
    await sleep(300);
    const client = await connect(id);
    client.on("message", (topic) => {
      const rid = /\?\$rid=(\w+)/.exec(topic)![1];
      client.publish(`$iothub/methods/res/200/?$rid=${rid}`, '{"late":true}');
    });
    await subscribe(client, "$iothub/methods/POST/#", 0);
    expect((await pending).json).toEqual({ status: 200, payload: { late: true } });
  });

  it("is 504 GatewayTimeout without an answer, and another client cannot answer for the device", async () => {
    const id = await registerIdentity({ module: true });
    const client = await connect(id);
    await subscribe(client, "$iothub/methods/POST/#", 0);
    const intruder = await connect(await registerIdentity());
    client.on("message", (topic) => {
      const rid = /\?\$rid=(\w+)/.exec(topic)![1];
      intruder.publish(`$iothub/methods/res/200/?$rid=${rid}`, '{"forged":true}');
    });
    const res = await invoke(id, {});
    expect([res.status, res.json.error.code]).toEqual([504, "GatewayTimeout"]);
  });

  it("is 502 when the answer is not JSON, 404 for an unknown device, 400 for a bad method name", async () => {
    const id = await registerIdentity();
    const client = await connect(id);
    await subscribe(client, "$iothub/methods/POST/#", 0);
    client.on("message", (topic) => client.publish(`$iothub/methods/res/200/?$rid=${/\?\$rid=(\w+)/.exec(topic)![1]}`, "not json"));
    expect((await invoke(id, {})).status).toBe(502);
    expect((await callApi("POST", `/api/twins/${enc("mq-nobody")}/methods`, { body: { methodName: "m" } })).json.error.code).toBe("DeviceNotFound");
    for (const methodName of ["a/b", "", "x?y", "a b"]) expect((await invoke(id, { methodName })).status).toBe(400);
  });
});

describe("MQTT over WebSocket at /$iothub/websocket", () => {
  it("connects, authenticates and answers a twin GET", async () => {
    const id = await registerIdentity({ module: true });
    const client = await connect(id, { ws: true });
    await subscribe(client, "$iothub/twin/res/#", 0);
    const res = await request(client, "$iothub/twin/GET/?$rid=w1", " ", "$iothub/twin/res/");
    expect(res.topic).toBe("$iothub/twin/res/200/?$rid=w1");
    await waitFor("Connected", async () => running.endpoint.isConnected(id));
  });

  it("refuses a wrong key over WebSocket too", async () => {
    const id = await registerIdentity();
    await expect(rawClient(running, { ...id, key: Buffer.alloc(32, 1).toString("base64") }, { ws: true })).rejects.toMatchObject({ code: 5 });
  });
});
