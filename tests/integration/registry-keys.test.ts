import { beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  createDevice,
  createEdgeDevice,
  createModule,
  devicePath,
  getTwin,
  modulePath,
  setupPolicies,
  uniqueId,
} from "./support/api";

/** Key rotation, connection strings, and what an identity update keeps when the body leaves it out. */
beforeAll(async () => {
  await setupPolicies();
});

const key = (fill: number) => Buffer.alloc(32, fill).toString("base64");

type Identity = { deviceId: string; moduleId?: string };
const identities: Array<[string, () => Promise<Identity>]> = [
  ["device", async () => ({ deviceId: (await createDevice()).deviceId })],
  [
    "module",
    async () => {
      const { deviceId } = await createDevice();
      return { deviceId, moduleId: (await createModule(deviceId)).moduleId };
    },
  ],
];
const pathOf = (i: Identity) => (i.moduleId === undefined ? devicePath(i.deviceId) : modulePath(i.deviceId, i.moduleId));

describe.each(identities)("%s keys", (_name, make) => {
  it.each(["primary", "secondary"] as const)("regenerate-key %s replaces only that key and the etag", async (which) => {
    const identity = await make();
    const before = (await callApi("GET", pathOf(identity))).json;
    const res = await callApi("POST", `${pathOf(identity)}/regenerate-key`, { body: { key: which } });
    expect(res.status, res.text).toBe(200);
    const other = which === "primary" ? "secondaryKey" : "primaryKey";
    const changed = which === "primary" ? "primaryKey" : "secondaryKey";
    expect(res.json.authentication.symmetricKey[other]).toBe(before.authentication.symmetricKey[other]);
    expect(res.json.authentication.symmetricKey[changed]).not.toBe(before.authentication.symmetricKey[changed]);
    expect(Buffer.from(res.json.authentication.symmetricKey[changed], "base64").length).toBeGreaterThanOrEqual(16);
    expect(res.json.etag).not.toBe(before.etag);
    expect((await callApi("GET", pathOf(identity))).json).toEqual(res.json);
    expect((await getTwin(identity.deviceId, identity.moduleId)).deviceEtag).toBe(res.json.etag);
  });

  it("connection strings name the hub, the identity and each key", async () => {
    const identity = await make();
    const { authentication } = (await callApi("GET", pathOf(identity))).json;
    const res = await callApi("GET", `${pathOf(identity)}/connection-strings`);
    expect(res.status).toBe(200);
    const prefix = `HostName=localhost;DeviceId=${identity.deviceId};${identity.moduleId ? `ModuleId=${identity.moduleId};` : ""}`;
    expect(res.json).toEqual({
      primaryConnectionString: `${prefix}SharedAccessKey=${authentication.symmetricKey.primaryKey}`,
      secondaryConnectionString: `${prefix}SharedAccessKey=${authentication.symmetricKey.secondaryKey}`,
    });
  });
});

describe("keys of identities without SAS, and missing identities", () => {
  it.each([
    ["regenerate-key", "POST", { key: "primary" }],
    ["connection-strings", "GET", undefined],
  ])("%s on $edgeHub (authentication none) is 400 path authentication.type", async (action, method, body) => {
    const { deviceId } = await createEdgeDevice();
    const before = (await callApi("GET", modulePath(deviceId, "$edgeHub"))).json;
    const res = await callApi(method, `${modulePath(deviceId, "$edgeHub")}/${action}`, { body });
    expect(res.status).toBe(400);
    expect(res.json.error.details.path).toBe("authentication.type");
    expect((await callApi("GET", modulePath(deviceId, "$edgeHub"))).json).toEqual(before);
  });

  it.each([
    ["regenerate-key", "POST", { key: "primary" }],
    ["connection-strings", "GET", undefined],
  ])("%s on a missing device is 404 and on a missing module 404 ModuleNotFound", async (action, method, body) => {
    const missing = await callApi(method, `${devicePath(uniqueId("missing"))}/${action}`, { body });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("DeviceNotFound");
    const { deviceId } = await createDevice();
    const missingModule = await callApi(method, `${modulePath(deviceId, "nope")}/${action}`, { body });
    expect(missingModule.status).toBe(404);
    expect(missingModule.json.error.code).toBe("ModuleNotFound");
  });
});

describe("identity updates keep what the body leaves out", () => {
  it.each([
    ["no authentication", {}],
    ["empty keys (what the SDK sends)", { authentication: { type: "sas", symmetricKey: { primaryKey: "", secondaryKey: "" } } }],
    ["null keys", { authentication: { symmetricKey: { primaryKey: null, secondaryKey: null } } }],
  ])("a device update with %s keeps the keys, the edge flag and the model id", async (_name, extra) => {
    const { deviceId, device } = await createEdgeDevice({ body: { modelId: "dtmi:x:y;1" } });
    const res = await callApi("PUT", devicePath(deviceId), { body: { deviceId, statusReason: "kept?", ...extra }, headers: { "if-match": "*" } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.authentication.symmetricKey).toEqual(device.authentication.symmetricKey);
    expect(res.json.capabilities).toEqual({ iotEdge: true });
    expect(res.json.modelId).toBe("dtmi:x:y;1");
    expect(res.json.deviceScope).toBe(device.deviceScope);
  });

  it("an explicit key replaces just that key", async () => {
    const { deviceId, device } = await createDevice();
    const res = await callApi("PUT", devicePath(deviceId), {
      body: { deviceId, authentication: { symmetricKey: { primaryKey: key(7) } } },
      headers: { "if-match": "*" },
    });
    expect(res.json.authentication.symmetricKey).toEqual({ primaryKey: key(7), secondaryKey: device.authentication.symmetricKey.secondaryKey });
  });

  it("switching to selfSigned drops the keys and stores the thumbprints", async () => {
    const { deviceId } = await createDevice();
    const thumb = "A".repeat(40);
    const res = await callApi("PUT", devicePath(deviceId), {
      body: { deviceId, authentication: { type: "selfSigned", x509Thumbprint: { primaryThumbprint: thumb } } },
      headers: { "if-match": "*" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.authentication).toEqual({
      type: "selfSigned",
      symmetricKey: { primaryKey: null, secondaryKey: null },
      x509Thumbprint: { primaryThumbprint: thumb, secondaryThumbprint: null },
    });
    expect((await callApi("GET", `${devicePath(deviceId)}/connection-strings`)).status).toBe(400);
  });

  it("a module update without authentication keeps its keys and managedBy", async () => {
    const { deviceId } = await createDevice();
    const moduleId = uniqueId("mod");
    const created = await callApi("PUT", modulePath(deviceId, moduleId), { body: { deviceId, moduleId, managedBy: "IotEdge" } });
    const res = await callApi("PUT", modulePath(deviceId, moduleId), { body: { deviceId, moduleId }, headers: { "if-match": "*" } });
    expect(res.status).toBe(200);
    expect(res.json.authentication).toEqual(created.json.authentication);
    expect(res.json.managedBy).toBe("IotEdge");
  });
});
