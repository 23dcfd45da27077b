import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { messageResponseSchema, methodResultResponseSchema } from "@/lib/api/openapi/response-schemas";
import { desiredPatchTopic } from "@/lib/domain/mqtt";
import { callApi, enc, getTwin, setupPolicies, sqlRows, twinPath } from "./support/api";
import {
  connectSdk,
  deviceSdk,
  messagesOf,
  registerIdentity,
  removeTlsDir,
  startEndpoint,
  stopEndpoint,
  waitFor,
  type Identity,
  type RunningEndpoint,
  type SdkClient,
} from "./support/mqtt";

/**
 * The unmodified official device SDK (azure-iot-device + azure-iot-device-mqtt) against the MQTT
 * endpoint (reference §10), with connection strings as EdgeDeck shows them (`HostName=host:port`):
 * twin read and reported writes, desired patches and direct methods made through the REST API,
 * telemetry stored with its properties, and reconnection after the endpoint restarts.
 */
type SdkTwin = Awaited<ReturnType<SdkClient["getTwin"]>>;

let running: RunningEndpoint | null = null;
const clients: SdkClient[] = [];

beforeAll(async () => {
  await setupPolicies();
  running = await startEndpoint();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => {})));
});
afterAll(async () => {
  await stopEndpoint(running);
  removeTlsDir();
});

const connect = (id: Identity) => connectSdk(running!, id, clients);

const reportedUpdate = (twin: SdkTwin, patch: Record<string, unknown>) =>
  new Promise<void>((resolve, reject) => twin.properties.reported.update(patch, (err?: Error) => (err ? reject(err) : resolve())));

/** The next `properties.desired` event whose `$version` is at least `version`. */
const nextDesired = (twin: SdkTwin, version: number) =>
  new Promise<Record<string, unknown>>((resolve) => {
    const listener = (patch: Record<string, unknown>) => {
      if (Number(patch.$version) < version) return;
      twin.removeListener("properties.desired", listener);
      resolve(patch);
    };
    twin.on("properties.desired", listener);
  });

/**
 * The SDK subscribes to desired updates when the first listener is added, asynchronously; like
 * IoT Hub, the hub pushes only to subscribed sessions (a device reads the rest with a GET).
 */
const subscribedToDesired = (id: Identity) =>
  waitFor("the desired subscription", async () => running!.endpoint.isSubscribed(id, desiredPatchTopic(2)));

/** `onMethod` on a ModuleClient, `onDeviceMethod` on a device Client. */
function onMethod(client: SdkClient, name: string, handler: Parameters<InstanceType<typeof deviceSdk.ModuleClient>["onMethod"]>[1]) {
  if (client instanceof deviceSdk.ModuleClient) client.onMethod(name, handler);
  else client.onDeviceMethod(name, handler);
}

describe.each([
  ["module client (ModuleClient)", true],
  ["device client (Client)", false],
])("%s", (_name, isModule) => {
  it("opens, reads the twin and reports properties that the REST API then shows", async () => {
    const id = await registerIdentity({ module: isModule });
    await callApi("PATCH", twinPath(id.deviceId, id.moduleId), { body: { properties: { desired: { interval: 30 } } } });
    const client = await connect(id);
    const twin = await client.getTwin();
    expect(twin.properties.desired).toMatchObject({ interval: 30, $version: 2 });
    expect(twin.properties.desired.$metadata).toBeUndefined();
    expect(twin.properties.reported.$version).toBe(1);

    await reportedUpdate(twin, { firmware: "1.2.3", state: { temperature: 21.5 } });
    const stored = await getTwin(id.deviceId, id.moduleId);
    expect(stored.properties.reported).toMatchObject({ firmware: "1.2.3", state: { temperature: 21.5 }, $version: 2 });
    expect(stored.connectionState).toBe("Connected");
    await reportedUpdate(twin, { state: null });
    expect((await getTwin(id.deviceId, id.moduleId)).properties.reported).toEqual(
      expect.objectContaining({ firmware: "1.2.3", $version: 3 }),
    );
    const [revision] = await sqlRows<{ actor: string }>(
      "select actor from twin_revisions where device_id = $1 and module_id = $2 and section = 'reported' order by id limit 1",
      [id.deviceId, id.moduleId ?? ""],
    );
    expect(revision?.actor).toBe(isModule ? `module:${id.deviceId}/${id.moduleId}` : `device:${id.deviceId}`);
  });

  it("is refused a reported patch that breaks the twin rules, and nothing is stored", async () => {
    const id = await registerIdentity({ module: isModule });
    const twin = await (await connect(id)).getTwin();
    await expect(reportedUpdate(twin, { "bad.key": 1 })).rejects.toThrow();
    expect((await getTwin(id.deviceId, id.moduleId)).properties.reported.$version).toBe(1);
  });

  it("receives desired patches made through the REST API with their $version", async () => {
    const id = await registerIdentity({ module: isModule });
    const twin = await (await connect(id)).getTwin();
    const first = nextDesired(twin, 2);
    await subscribedToDesired(id);
    const res = await callApi("PATCH", twinPath(id.deviceId, id.moduleId), { body: { properties: { desired: { interval: 10, mode: "fast" } } } });
    expect(res.status, res.text).toBe(200);
    expect(await first).toEqual({ interval: 10, mode: "fast", $version: 2 });

    // A patch is observed exactly as sent, nulls included (reference §2.2).
    const second = nextDesired(twin, 3);
    await callApi("PATCH", twinPath(id.deviceId, id.moduleId), { body: { properties: { desired: { mode: null } } } });
    expect(await second).toEqual({ mode: null, $version: 3 });

    // A replace is observed as the new document plus null for every removed key.
    const third = nextDesired(twin, 4);
    const put = await callApi("PUT", twinPath(id.deviceId, id.moduleId), { body: { properties: { desired: { rate: 5 } } } });
    expect(put.status, put.text).toBe(200);
    expect(await third).toEqual({ rate: 5, interval: null, $version: 4 });
  });

  it("answers a direct method invoked through the REST API", async () => {
    const id = await registerIdentity({ module: isModule });
    const client = await connect(id);
    const received: unknown[] = [];
    onMethod(client, "reboot", (request, response) => {
      received.push(request!.payload);
      void response!.send(201, { accepted: true, echo: request!.payload });
    });
    const path = `${twinPath(id.deviceId, id.moduleId)}/methods`;
    const res = await waitFor("the method subscription", async () => {
      const r = await callApi("POST", path, { body: { methodName: "reboot", payload: { delay: 5 }, responseTimeoutInSeconds: 10 } });
      return r.status === 404 ? undefined : r;
    });
    expect(res.status, res.text).toBe(200);
    expect(methodResultResponseSchema.parse(res.json)).toEqual({ status: 201, payload: { accepted: true, echo: { delay: 5 } } });
    expect(received).toEqual([{ delay: 5 }]);
  });

  it("sends telemetry that is stored with its properties", async () => {
    const id = await registerIdentity({ module: isModule });
    const client = await connect(id);
    const message = new deviceSdk.Message(JSON.stringify({ temperature: 21.5 }));
    message.messageId = "msg-1";
    message.correlationId = "corr 1";
    message.contentType = "application/json";
    message.contentEncoding = "utf-8";
    message.properties.add("severity", "high");
    message.properties.add("note", "a&b=c d");
    if (isModule) await (client as InstanceType<typeof deviceSdk.ModuleClient>).sendOutputEvent("out1", message);
    else await client.sendEvent(message);
    await client.sendEvent(new deviceSdk.Message(Buffer.from([0, 1, 2, 255])));

    const [binary, stored] = await messagesOf(id.deviceId);
    expect(messageResponseSchema.parse(stored)).toMatchObject({
      deviceId: id.deviceId,
      moduleId: id.moduleId ?? null,
      outputName: isModule ? "out1" : null,
      body: '{"temperature":21.5}',
      bodyEncoding: "utf8",
      size: 20,
      properties: { severity: "high", note: "a&b=c d" },
      systemProperties: {
        messageId: "msg-1",
        correlationId: "corr 1",
        contentType: "application/json",
        contentEncoding: "utf-8",
        connectionDeviceId: id.deviceId,
        ...(isModule ? { connectionModuleId: id.moduleId } : {}),
      },
    });
    expect(binary).toMatchObject({ body: "AAEC/w==", bodyEncoding: "base64", size: 4, outputName: null });
    if (isModule) expect(await messagesOf(id.deviceId, id.moduleId)).toHaveLength(2);
  });
});

describe("restart", () => {
  it("reconnects after the endpoint restarts and keeps receiving desired patches and methods", async () => {
    const id = await registerIdentity({ module: true });
    const client = await connect(id);
    onMethod(client, "ping", (_req, res) => void res!.send(200, "pong"));
    const twin = await client.getTwin();
    const port = running!.port;
    await stopEndpoint(running, { keepHttp: true });
    await waitFor("Disconnected", async () => (await getTwin(id.deviceId, id.moduleId)).connectionState === "Disconnected");
    running = await startEndpoint({ port, httpServer: running!.httpServer });

    await waitFor("the SDK to reconnect", async () => (await getTwin(id.deviceId, id.moduleId)).connectionState === "Connected", 30_000);
    const desired = nextDesired(twin, 2);
    await waitFor("the desired subscription", async () => {
      await callApi("PATCH", twinPath(id.deviceId, id.moduleId), { body: { properties: { desired: { after: "restart" } } } });
      return Promise.race([desired.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 500))]);
    }, 30_000);
    const res = await waitFor("the method subscription", async () => {
      const r = await callApi("POST", `/api/twins/${enc(id.deviceId)}/modules/${enc(id.moduleId!)}/methods`, { body: { methodName: "ping" } });
      return r.status === 404 ? undefined : r;
    }, 30_000);
    expect(res.json).toEqual({ status: 200, payload: "pong" });
  });
});
