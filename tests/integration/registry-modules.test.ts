import { beforeAll, describe, expect, it } from "vitest";
import { getStore } from "@/lib/data/store";
import {
  callApi,
  createDevice,
  createEdgeDevice,
  createModule,
  devicePath,
  enc,
  getTwin,
  modulePath,
  setupPolicies,
  sqlRows,
  suffix,
  uniqueId,
} from "./support/api";

beforeAll(async () => {
  await setupPolicies();
});


describe("module identities", () => {
  it("creates (201), reads, lists, refuses a duplicate (409) and deletes (204, then 404)", async () => {
    const { deviceId } = await createDevice();
    const moduleId = uniqueId("mod");
    const created = await callApi("PUT", modulePath(deviceId, moduleId), {
      body: { deviceId, moduleId, managedBy: "IotEdge" },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ deviceId, moduleId, managedBy: "IotEdge", authentication: { type: "sas" } });
    expect(created.json.authentication.symmetricKey.primaryKey).toEqual(expect.any(String));

    const read = await callApi("GET", modulePath(deviceId, moduleId));
    expect(read.status).toBe(200);
    expect(read.json).toEqual(created.json);
    const list = await callApi("GET", `${devicePath(deviceId)}/modules`);
    expect(list.json.map((m: { moduleId: string }) => m.moduleId)).toEqual([moduleId]);
    const twin = await getTwin(deviceId, moduleId);
    expect(twin).toMatchObject({ deviceId, moduleId, deviceEtag: created.json.etag });

    const duplicate = await callApi("PUT", modulePath(deviceId, moduleId), { body: { deviceId, moduleId } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.code).toBe("ModuleAlreadyExistsOnDevice");

    const del = await callApi("DELETE", modulePath(deviceId, moduleId), { headers: { "if-match": "*" } });
    expect(del.status).toBe(204);
    const gone = await callApi("GET", modulePath(deviceId, moduleId));
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe("ModuleNotFound");
    expect((await callApi("GET", `/api/twins/${enc(deviceId)}/modules/${enc(moduleId)}`)).status).toBe(404);
    expect((await callApi("DELETE", modulePath(deviceId, moduleId))).status).toBe(404);
  });

  it("updates a module with its etag, 412 on a stale one, 404 when missing", async () => {
    const { deviceId } = await createDevice();
    const { moduleId, module } = await createModule(deviceId);
    const ok = await callApi("PUT", modulePath(deviceId, moduleId), {
      body: { deviceId, moduleId, managedBy: "someone" },
      headers: { "if-match": `"${module.etag}"` },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.managedBy).toBe("someone");
    expect(ok.json.etag).not.toBe(module.etag);
    const stale = await callApi("PUT", modulePath(deviceId, moduleId), {
      body: { deviceId, moduleId, managedBy: "other" },
      headers: { "if-match": `"${module.etag}"` },
    });
    expect(stale.status).toBe(412);
    expect((await callApi("GET", modulePath(deviceId, moduleId))).json.managedBy).toBe("someone");
    const missing = uniqueId("mod");
    const res = await callApi("PUT", modulePath(deviceId, missing), {
      body: { deviceId, moduleId: missing },
      headers: { "if-match": "*" },
    });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("ModuleNotFound");
  });

  it("creating a module on a missing device is 404 DeviceNotFound", async () => {
    const deviceId = uniqueId("missing");
    const res = await callApi("PUT", modulePath(deviceId, "m1"), { body: { deviceId, moduleId: "m1" } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("DeviceNotFound");
  });

  it("allows 50 modules per device; the 51st is 413 TooManyModulesOnDevice", async () => {
    const { deviceId } = await createDevice();
    for (let i = 0; i < 50; i++) await createModule(deviceId, `m${String(i).padStart(2, "0")}`);
    const res = await callApi("PUT", modulePath(deviceId, "m50"), { body: { deviceId, moduleId: "m50" } });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("TooManyModulesOnDevice");
    const [{ n }] = await sqlRows<{ n: string }>("select count(*) as n from modules where device_id = $1", [deviceId]);
    expect(Number(n)).toBe(50);
  });

  it("counts $edgeAgent and $edgeHub toward the 50-module limit", async () => {
    const { deviceId } = await createEdgeDevice();
    for (let i = 0; i < 48; i++) await createModule(deviceId, `m${i}`);
    const res = await callApi("PUT", modulePath(deviceId, "m48"), { body: { deviceId, moduleId: "m48" } });
    expect(res.status).toBe(413);
  });

  it("lets $edgeAgent go from authentication none to sas with If-Match *", async () => {
    const { deviceId } = await createEdgeDevice();
    const before = await callApi("GET", modulePath(deviceId, "$edgeAgent"));
    expect(before.json.authentication.type).toBe("none");
    const res = await callApi("PUT", modulePath(deviceId, "$edgeAgent"), {
      body: { deviceId, moduleId: "$edgeAgent", managedBy: "IotEdge", authentication: { type: "sas" } },
      headers: { "if-match": '"*"' },
    });
    expect(res.status).toBe(200);
    expect(res.json.authentication.type).toBe("sas");
    expect(Buffer.from(res.json.authentication.symmetricKey.primaryKey, "base64").length).toBeGreaterThanOrEqual(16);
    expect(res.json.etag).not.toBe(before.json.etag);
    expect((await getTwin(deviceId, "$edgeAgent")).authenticationType).toBe("sas");
  });

  it.each([
    ["create $edgeAgent again", "PUT", "$edgeAgent", 409],
    ["create another $-module", "PUT", "$custom", 400],
    ["delete $edgeHub alone", "DELETE", "$edgeHub", 400],
  ])("system module rules: %s", async (_name, method, moduleId, status) => {
    const { deviceId } = await createEdgeDevice();
    const res = await callApi(method, modulePath(deviceId, moduleId), method === "PUT" ? { body: { deviceId, moduleId } } : {});
    expect(res.status).toBe(status);
    const modules = await callApi("GET", `${devicePath(deviceId)}/modules`);
    expect(modules.json.map((m: { moduleId: string }) => m.moduleId).sort()).toEqual(["$edgeAgent", "$edgeHub"]);
  });
});

describe("statistics", () => {
  it("counts enabled and disabled devices", async () => {
    const before = (await callApi("GET", "/api/statistics/devices")).json;
    await createDevice();
    await createDevice({ body: { status: "disabled" } });
    const res = await callApi("GET", "/api/statistics/devices");
    expect(res.status).toBe(200);
    const after = res.json;
    expect(after.totalDeviceCount).toBe(after.enabledDeviceCount + after.disabledDeviceCount);
    if ((await getStore()).kind === "pglite") {
      // Alone in its database: exact.
      expect(after).toEqual({
        totalDeviceCount: before.totalDeviceCount + 2,
        enabledDeviceCount: before.enabledDeviceCount + 1,
        disabledDeviceCount: before.disabledDeviceCount + 1,
      });
    } else {
      expect(after.totalDeviceCount).toBeGreaterThanOrEqual(before.totalDeviceCount + 2);
      expect(after.disabledDeviceCount).toBeGreaterThanOrEqual(before.disabledDeviceCount + 1);
    }
  });
});

describe("identifier rules", () => {
  it.each([
    ["space", "a b"],
    ["plus", "a+b"],
    ["hash", "a#b"],
    ["semicolon", "a;b"],
    ["slash", "a/b"],
    ["non-ASCII", "dévice"],
    ["129 characters", "x".repeat(129)],
    ["backslash", "a\\b"],
    ["quote", 'a"b'],
  ])("rejects a device id with %s: 400 with details.path deviceId, nothing created", async (_name, id) => {
    const deviceId = uniqueId(id);
    const res = await callApi("PUT", devicePath(deviceId), { body: { deviceId } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("ArgumentInvalid");
    expect(res.json.error.details.path).toBe("deviceId");
    expect(await sqlRows("select 1 from devices where device_id = $1", [deviceId])).toEqual([]);
  });

  it.each([
    ["every allowed special", "a-b.c%d_e*f?g!h(i)j,k:l=m@n$o'p"],
    ["128 characters", "y".repeat(120)],
    ["leading dollar", "$dev"],
  ])("accepts a device id with %s and round-trips it through the URL", async (_name, prefix) => {
    const deviceId = `${prefix}${suffix()}`;
    expect(deviceId.length).toBeLessThanOrEqual(128);
    const res = await callApi("PUT", devicePath(deviceId), { body: { deviceId } });
    expect(res.status).toBe(200);
    expect(res.json.deviceId).toBe(deviceId);
    const read = await callApi("GET", devicePath(deviceId));
    expect(read.json.deviceId).toBe(deviceId);
    expect((await getTwin(deviceId)).deviceId).toBe(deviceId);
  });

  it("rejects a body deviceId that differs from the URL (400 path deviceId)", async () => {
    const res = await callApi("PUT", devicePath(uniqueId("url")), { body: { deviceId: uniqueId("body") } });
    expect(res.status).toBe(400);
    expect(res.json.error.details.path).toBe("deviceId");
  });

  it.each([
    ["space", "m b", "moduleId"],
    ["reserved $ prefix", "$agent", "moduleId"],
    ["130 characters", "m".repeat(130), "moduleId"],
  ])("rejects a module id with %s", async (_name, moduleId, path) => {
    const { deviceId } = await createDevice();
    const res = await callApi("PUT", modulePath(deviceId, moduleId), { body: { deviceId, moduleId } });
    expect(res.status).toBe(400);
    expect(res.json.error.details.path).toBe(path);
  });

  it("rejects a statusReason over 128 characters with its path", async () => {
    const deviceId = uniqueId("dev");
    const res = await callApi("PUT", devicePath(deviceId), { body: { deviceId, statusReason: "r".repeat(129) } });
    expect(res.status).toBe(400);
    expect(res.json.error.details.path).toBe("statusReason");
  });
});
