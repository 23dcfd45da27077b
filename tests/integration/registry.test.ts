import { beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  createDevice,
  createEdgeDevice,
  createModule,
  devicePath,
  enc,
  getTwin,
  setupPolicies,
  sqlRows,
  uniqueId,
} from "./support/api";

beforeAll(async () => {
  await setupPolicies();
});

const keyBytes = (k: string) => Buffer.from(k, "base64").length;

describe("device create", () => {
  it("creates a plain device with generated SAS keys and IoT Hub's identity fields", async () => {
    const { deviceId, device } = await createDevice();
    expect(device).toMatchObject({
      deviceId,
      status: "enabled",
      statusReason: null,
      connectionState: "Disconnected",
      lastActivityTime: "0001-01-01T00:00:00Z",
      cloudToDeviceMessageCount: 0,
      capabilities: { iotEdge: false },
      parentScopes: [],
      modelId: "",
      authentication: { type: "sas", x509Thumbprint: { primaryThumbprint: null, secondaryThumbprint: null } },
    });
    expect(device.generationId).toMatch(/^\d+$/);
    expect(device.etag).toEqual(expect.any(String));
    expect(device.deviceScope).toBeUndefined();
    const { primaryKey, secondaryKey } = device.authentication.symmetricKey;
    expect(keyBytes(primaryKey)).toBeGreaterThanOrEqual(16);
    expect(keyBytes(secondaryKey)).toBeGreaterThanOrEqual(16);
    expect(primaryKey).not.toBe(secondaryKey);
    const modules = await callApi("GET", `${devicePath(deviceId)}/modules`);
    expect(modules.status).toBe(200);
    expect(modules.json).toEqual([]);
  });

  it("creates $edgeAgent and $edgeHub with authentication none for an edge device", async () => {
    const { deviceId, device } = await createEdgeDevice();
    expect(device.capabilities).toEqual({ iotEdge: true });
    expect(device.deviceScope).toBe(`ms-azure-iot-edge://${deviceId}-${device.generationId}`);
    const modules = await callApi("GET", `${devicePath(deviceId)}/modules`);
    expect(modules.status).toBe(200);
    expect(modules.json.map((m: { moduleId: string }) => m.moduleId).sort()).toEqual(["$edgeAgent", "$edgeHub"]);
    for (const m of modules.json) {
      expect(m).toMatchObject({ deviceId, authentication: { type: "none", symmetricKey: { primaryKey: null } } });
      const twin = await getTwin(deviceId, m.moduleId);
      expect(twin).toMatchObject({ deviceId, moduleId: m.moduleId, properties: { desired: { $version: 1 }, reported: { $version: 1 } } });
    }
  });

  it.each([
    ["empty keys", { type: "sas", symmetricKey: { primaryKey: "", secondaryKey: "" } }],
    ["null keys", { type: "sas", symmetricKey: { primaryKey: null, secondaryKey: null } }],
    ["no type, no keys", {}],
  ])("generates keys when they are missing (%s)", async (_name, authentication) => {
    const { device } = await createDevice({ body: { authentication } });
    expect(device.authentication.type).toBe("sas");
    expect(keyBytes(device.authentication.symmetricKey.primaryKey)).toBeGreaterThanOrEqual(16);
    expect(keyBytes(device.authentication.symmetricKey.secondaryKey)).toBeGreaterThanOrEqual(16);
  });

  it("keeps keys the caller supplies", async () => {
    const primaryKey = Buffer.alloc(32, 1).toString("base64");
    const secondaryKey = Buffer.alloc(32, 2).toString("base64");
    const { device } = await createDevice({ body: { authentication: { symmetricKey: { primaryKey, secondaryKey } } } });
    expect(device.authentication.symmetricKey).toEqual({ primaryKey, secondaryKey });
  });

  it("refuses a second create of the same id with 409 DeviceAlreadyExists", async () => {
    const { deviceId } = await createDevice();
    const res = await callApi("PUT", devicePath(deviceId), { body: { deviceId } });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("DeviceAlreadyExists");
    expect(res.headers.get("iothub-errorcode")).toBe("DeviceAlreadyExists");
    expect(res.json.Message).toMatch(/^ErrorCode:DeviceAlreadyExists;/);
  });

  it("creates a disabled device with a reason", async () => {
    const { deviceId, device } = await createDevice({ body: { status: "disabled", statusReason: "maintenance" } });
    expect(device).toMatchObject({ status: "disabled", statusReason: "maintenance" });
    const twin = await getTwin(deviceId);
    expect(twin).toMatchObject({ status: "disabled", statusReason: "maintenance" });
  });
});

describe("device read and list", () => {
  it("GET returns what PUT returned; a missing id is 404 DeviceNotFound", async () => {
    const { deviceId, device } = await createDevice();
    const res = await callApi("GET", devicePath(deviceId));
    expect(res.status).toBe(200);
    expect(res.json).toEqual(device);
    const missing = await callApi("GET", devicePath(uniqueId("missing")));
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("DeviceNotFound");
  });

  it("lists devices in id order, capped by top", async () => {
    const { deviceId } = await createDevice();
    const one = await callApi("GET", "/api/devices?top=1");
    expect(one.status).toBe(200);
    expect(one.json).toHaveLength(1);
    const two = await callApi("GET", "/api/devices?top=2");
    expect(two.json.length).toBeGreaterThanOrEqual(1);
    const all = await callApi("GET", "/api/devices?top=1000");
    const ids = all.json.map((d: { deviceId: string }) => d.deviceId);
    expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ids);
    const stats = await callApi("GET", "/api/statistics/devices");
    if (stats.json.totalDeviceCount <= 1000) expect(ids).toContain(deviceId);
    const noTop = await callApi("GET", "/api/devices/");
    expect(noTop.status).toBe(200);
    expect(noTop.json.length).toBeGreaterThanOrEqual(one.json.length);
  });

  it.each(["0", "-1", "1001", "abc", "1.5"])("rejects top=%s with 400 path top", async (top) => {
    const res = await callApi("GET", `/api/devices?top=${top}`);
    expect(res.status).toBe(400);
    expect(res.json.error.details.path).toBe("top");
  });
});

describe("device update", () => {
  it("updates with If-Match * and changes the identity etag (and the twin's deviceEtag)", async () => {
    const { deviceId, device } = await createDevice();
    const res = await callApi("PUT", devicePath(deviceId), {
      body: { ...device, status: "disabled", statusReason: "stolen" },
      headers: { "if-match": '"*"' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "disabled", statusReason: "stolen", generationId: device.generationId });
    expect(res.json.etag).not.toBe(device.etag);
    expect(res.json.statusUpdatedTime).not.toBe(device.statusUpdatedTime);
    expect(res.json.authentication.symmetricKey).toEqual(device.authentication.symmetricKey);
    expect((await getTwin(deviceId)).deviceEtag).toBe(res.json.etag);
  });

  it("updates with the current etag; a stale etag is 412 and changes nothing", async () => {
    const { deviceId, device } = await createDevice();
    const ok = await callApi("PUT", devicePath(deviceId), {
      body: { deviceId, statusReason: "first" },
      headers: { "if-match": `"${device.etag}"` },
    });
    expect(ok.status).toBe(200);
    const stale = await callApi("PUT", devicePath(deviceId), {
      body: { deviceId, status: "disabled", statusReason: "second" },
      headers: { "if-match": `"${device.etag}"` },
    });
    expect(stale.status).toBe(412);
    expect(stale.json.error.code).toBe("PreconditionFailed");
    const after = await callApi("GET", devicePath(deviceId));
    expect(after.json).toEqual(ok.json);
  });

  it("404s an If-Match update of a missing device and creates nothing", async () => {
    const deviceId = uniqueId("missing");
    const res = await callApi("PUT", devicePath(deviceId), { body: { deviceId }, headers: { "if-match": "*" } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("DeviceNotFound");
    expect((await callApi("GET", devicePath(deviceId))).status).toBe(404);
  });

  it("turning a device into an edge device creates its system modules", async () => {
    const { deviceId } = await createDevice();
    const res = await callApi("PUT", devicePath(deviceId), {
      body: { deviceId, capabilities: { iotEdge: true } },
      headers: { "if-match": "*" },
    });
    expect(res.status).toBe(200);
    expect(res.json.deviceScope).toBe(`ms-azure-iot-edge://${deviceId}-${res.json.generationId}`);
    const modules = await callApi("GET", `${devicePath(deviceId)}/modules`);
    expect(modules.json.map((m: { moduleId: string }) => m.moduleId).sort()).toEqual(["$edgeAgent", "$edgeHub"]);
  });
});

describe("device delete", () => {
  it("deletes with 204, then 404; modules and twins go with it", async () => {
    const { deviceId } = await createEdgeDevice();
    await createModule(deviceId);
    const del = await callApi("DELETE", devicePath(deviceId), { headers: { "if-match": "*" } });
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expect((await callApi("GET", devicePath(deviceId))).status).toBe(404);
    expect((await callApi("GET", `/api/twins/${enc(deviceId)}`)).status).toBe(404);
    expect((await callApi("GET", `${devicePath(deviceId)}/modules`)).status).toBe(404);
    const rows = await sqlRows("select module_id from modules where device_id = $1", [deviceId]);
    expect(rows).toEqual([]);
    const again = await callApi("DELETE", devicePath(deviceId));
    expect(again.status).toBe(404);
    expect(again.json.error.code).toBe("DeviceNotFound");
  });

  it("refuses a delete with a stale etag (412) and keeps the device", async () => {
    const { deviceId } = await createDevice();
    const res = await callApi("DELETE", devicePath(deviceId), { headers: { "if-match": '"bm9wZQ=="' } });
    expect(res.status).toBe(412);
    expect((await callApi("GET", devicePath(deviceId))).status).toBe(200);
  });
});
