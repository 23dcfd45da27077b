import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSasToken } from "@/lib/domain/identity";
import { callApi, createDevice, createEdgeDevice, enc, policyKey, setupPolicies, sqlRows } from "./support/api";
import {
  Mqtt,
  connectionString,
  deviceSdk,
  deviceToken,
  openClient,
  rawClient,
  registerIdentity,
  removeTlsDir,
  resourceOf,
  startEndpoint,
  stopEndpoint,
  waitFor,
  type Identity,
  type RunningEndpoint,
} from "./support/mqtt";

/**
 * CONNECT (reference §3.2, §10.3 point 2): who may connect with which token, the CONNACK code of
 * every refusal, one session per client id, the connection state and its change rows.
 */
let running: RunningEndpoint;
let device: Identity;
let module: Identity;

beforeAll(async () => {
  await setupPolicies();
  running = await startEndpoint();
  device = await registerIdentity({ prefix: "MqCase" });
  module = await registerIdentity({ module: true });
});
afterAll(async () => {
  await stopEndpoint(running);
  removeTlsDir();
});

const randomKey = () => Buffer.alloc(32, 7).toString("base64");
const now = () => Math.floor(Date.now() / 1000);

/** Connects and disconnects again; resolves to 0 on success or the CONNACK return code. */
async function connackOf(id: Identity, options: Parameters<typeof rawClient>[2] = {}): Promise<number> {
  try {
    const client = await rawClient(running, id, options);
    await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

describe("accepted credentials", () => {
  it.each<[string, () => Promise<[Identity, Parameters<typeof rawClient>[2]]>]>([
    ["a device token", async () => [device, {}]],
    ["a module token", async () => [module, {}]],
    ["the secondary key", async () => {
      const res = await callApi("GET", `/api/devices/${enc(device.deviceId)}`);
      return [device, { password: deviceToken(device, res.json.authentication.symmetricKey.secondaryKey) }];
    }],
    ["a lower-cased audience (as the edge identity service signs)", async () => [device, { password: deviceToken(device, device.key, 3600, resourceOf(device).toLowerCase()) }]],
    ["a token expired within the 5-minute clock skew", async () => [device, { password: deviceToken(device, device.key, -200) }]],
    ["a device-scope token for one of the device's modules", async () => {
      const { deviceId, device: d } = await createDevice();
      const res = await callApi("PUT", `/api/devices/${enc(deviceId)}/modules/m1`, { body: { deviceId, moduleId: "m1" } });
      expect(res.status).toBe(201);
      const key = d.authentication.symmetricKey.primaryKey as string;
      return [{ deviceId, moduleId: "m1", key }, { password: deviceToken({ deviceId }, key) }];
    }],
    ["a DeviceConnect policy token (skn=device)", async () => [
      device,
      { password: signSasToken({ resourceUri: resourceOf(device), keyBase64: await policyKey("device"), expirySeconds: now() + 600, policyName: "device" }) },
    ]],
    ["the localhost host name", async () => [
      device,
      { username: `localhost:${running.port}/${device.deviceId}/?api-version=2021-04-12`, password: deviceToken(device, device.key, 3600, resourceOf(device, "localhost")) },
    ]],
  ])("%s", async (_name, setup) => {
    const [id, options] = await setup();
    expect(await connackOf(id, options)).toBe(0);
  });
});

describe("refused CONNECTs", () => {
  it.each<[string, number, () => Promise<[Identity, Parameters<typeof rawClient>[2]]>]>([
    ["a wrong key", 5, async () => [device, { password: deviceToken(device, randomKey()) }]],
    ["an expired token", 5, async () => [device, { password: deviceToken(device, device.key, -400) }]],
    ["another device's token", 5, async () => [device, { password: deviceToken(module, module.key, 3600, resourceOf({ deviceId: module.deviceId })) }]],
    ["a module token used by its device", 5, async () => [{ ...module, moduleId: undefined }, { password: deviceToken(module, module.key) }]],
    ["a sibling module's token", 5, async () => {
      const other = { ...module, moduleId: "other" };
      return [module, { password: deviceToken(other, module.key) }];
    }],
    ["another hub's audience", 5, async () => [device, { password: deviceToken(device, device.key, 3600, resourceOf(device, "evil.example")) }]],
    ["a username naming another hub", 5, async () => [device, { username: `evil.example/${device.deviceId}/?api-version=2021-04-12` }]],
    ["a policy without DeviceConnect", 5, async () => [
      device,
      { password: signSasToken({ resourceUri: resourceOf(device), keyBase64: await policyKey("service"), expirySeconds: now() + 600, policyName: "service" }) },
    ]],
    ["an unregistered device", 5, async () => [{ deviceId: "mq-nobody", key: device.key }, { password: deviceToken({ deviceId: "mq-nobody" }, device.key) }]],
    ["a disabled device", 5, async () => {
      const { deviceId, device: d } = await createDevice({ body: { status: "disabled" } });
      return [{ deviceId, key: d.authentication.symmetricKey.primaryKey }, {}];
    }],
    ["a module with authentication none ($edgeAgent before the runtime sets keys)", 5, async () => {
      const { deviceId, device: d } = await createEdgeDevice();
      const key = d.authentication.symmetricKey.primaryKey;
      return [{ deviceId, moduleId: "$edgeAgent", key }, { password: deviceToken({ deviceId }, key) }];
    }],
    ["a password that is not a SAS token", 4, async () => [device, { password: "hunter2" }]],
    ["a username for another device", 4, async () => [device, { username: `127.0.0.1/${module.deviceId}/?api-version=2021-04-12` }]],
    ["a username without the module", 4, async () => [module, { username: `127.0.0.1/${module.deviceId}/?api-version=2021-04-12` }]],
    ["# in the client id", 2, async () => [device, { clientId: `${device.deviceId}#`, username: `127.0.0.1/${device.deviceId}#/?api-version=1` }]],
    ["+ in the client id", 2, async () => [device, { clientId: `${device.deviceId}/+`, username: `127.0.0.1/${device.deviceId}/+/?api-version=1` }]],
    ["# in the username only", 4, async () => [device, { username: `127.0.0.1/#/?api-version=1` }]],
    ["a three-level client id", 2, async () => [device, { clientId: "a/b/c" }]],
  ])("%s: CONNACK %s", async (_name, code, setup) => {
    const [id, options] = await setup();
    expect(await connackOf(id, options)).toBe(code);
  });

  it("the SDK's open fails for a wrong key, an expired token and a disabled device", async () => {
    const { deviceId, device: d } = await createDevice({ body: { status: "disabled" } });
    const disabled = { deviceId, key: d.authentication.symmetricKey.primaryKey as string };
    const expired = `HostName=127.0.0.1:${running.port};DeviceId=${device.deviceId};SharedAccessSignature=${deviceToken(device, device.key, -400)}`;
    for (const cs of [connectionString({ ...device, key: randomKey() }, running.port), expired, connectionString(disabled, running.port)]) {
      const client = deviceSdk.Client.fromConnectionString(cs, Mqtt);
      client.setRetryPolicy(new (await import("azure-iot-common")).NoRetry());
      await expect(openClient(client, running.ca)).rejects.toThrow();
      await client.close().catch(() => {});
    }
  });
});

describe("sessions", () => {
  it("records Connected and Disconnected with change rows", async () => {
    const id = await registerIdentity({ module: true });
    const client = await rawClient(running, id);
    const state = async () =>
      (await sqlRows<{ connection_state: string; last_activity_time: unknown }>(
        "select connection_state, last_activity_time from modules where device_id = $1 and module_id = $2",
        [id.deviceId, id.moduleId],
      ))[0]!;
    await waitFor("Connected", async () => (await state()).connection_state === "Connected");
    expect((await state()).last_activity_time).not.toBeNull();
    client.end();
    await waitFor("Disconnected", async () => (await state()).connection_state === "Disconnected");
    const changes = await sqlRows<{ kind: string; module_id: string; payload: { connectionState: string } }>(
      "select kind, module_id, payload from changes where device_id = $1 and kind = 'connection.changed' order by seq",
      [id.deviceId],
    );
    expect(changes.map((c) => [c.module_id, c.payload.connectionState])).toEqual([
      [id.moduleId, "Connected"],
      [id.moduleId, "Disconnected"],
    ]);
  });

  it("lets a new CONNECT with the same client id replace the old session", async () => {
    const id = await registerIdentity();
    const first = await rawClient(running, id);
    const firstClosed = new Promise<void>((resolve) => first.once("close", () => resolve()));
    const second = await rawClient(running, id);
    await firstClosed;
    expect(second.connected).toBe(true);
    expect(running.endpoint.isConnected(id)).toBe(true);
    // The old session's Disconnected and the new one's Connected settle on Connected.
    await new Promise((r) => setTimeout(r, 300));
    const [row] = await sqlRows<{ connection_state: string }>("select connection_state from devices where device_id = $1", [id.deviceId]);
    expect(row?.connection_state).toBe("Connected");
    second.end();
  });

  it("ends a session when its token expires", async () => {
    const id = await registerIdentity();
    const client = await rawClient(running, id, { password: deviceToken(id, id.key, 2) });
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    await closed;
    await waitFor("Disconnected", async () => !running.endpoint.isConnected(id));
  });

  it("ends the sessions of a device that is disabled, and of a module that is deleted", async () => {
    const id = await registerIdentity({ module: true });
    const moduleClient = await rawClient(running, id);
    const deviceClient = await rawClient(running, { deviceId: id.deviceId, key: (await callApi("GET", `/api/devices/${enc(id.deviceId)}`)).json.authentication.symmetricKey.primaryKey });
    const bothClosed = Promise.all([moduleClient, deviceClient].map((c) => new Promise<void>((resolve) => c.once("close", () => resolve()))));
    const res = await callApi("PUT", `/api/devices/${enc(id.deviceId)}`, { body: { deviceId: id.deviceId, status: "disabled" }, headers: { "if-match": "*" } });
    expect(res.status, res.text).toBe(200);
    await bothClosed;

    const other = await registerIdentity({ module: true });
    const client = await rawClient(running, other);
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    expect((await callApi("DELETE", `/api/devices/${enc(other.deviceId)}/modules/${enc(other.moduleId!)}`)).status).toBe(204);
    await closed;
  });

  it("serves the CA it generated at /api/tls/ca.pem", async () => {
    const res = await callApi("GET", "/api/tls/ca.pem", { auth: false });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-pem-file");
    expect(res.text).toBe(running.ca);
  });
});
