import { describe, expect, it } from "vitest";
import { appErrorOf } from "../twins/test-helpers";
import {
  deviceConnectionString,
  moduleConnectionString,
  parseConnectionString,
  serviceConnectionString,
} from "./connection-string";
import { azureIotCommon, azureIotDevice } from "./sdk.test-support";

const HOST = "contoso.azure-devices.net";
const KEY = "AbC+/dEf0123456789ghIJklMNopQRstUVwxYZ01234=";

describe("parseConnectionString", () => {
  it.each<[string, string, Record<string, string>]>([
    ["device", `HostName=${HOST};DeviceId=dev1;SharedAccessKey=${KEY}`, { HostName: HOST, DeviceId: "dev1", SharedAccessKey: KEY }],
    ["base64 padding survives (split at first =)", "SharedAccessKey=YQ==", { SharedAccessKey: "YQ==" }],
    ["keys are case-sensitive", "hostname=a;HostName=b", { hostname: "a", HostName: "b" }],
    ["empty values dropped", "HostName=;DeviceId=d", { DeviceId: "d" }],
    ["empty names dropped", "=x;DeviceId=d", { DeviceId: "d" }],
    ["elements without = dropped", "garbage;DeviceId=d;", { DeviceId: "d" }],
    ["last duplicate wins", "DeviceId=a;DeviceId=b", { DeviceId: "b" }],
    ["token value keeps its = and &", "SharedAccessSignature=SharedAccessSignature sr=h&sig=a%3D&se=1",
      { SharedAccessSignature: "SharedAccessSignature sr=h&sig=a%3D&se=1" }],
    ["x509 flag", `HostName=${HOST};DeviceId=d;x509=true`, { HostName: HOST, DeviceId: "d", x509: "true" }],
    ["empty string", "", {}],
  ])("%s", (_name, source, expected) => {
    expect(parseConnectionString(source)).toEqual(expected);
    // Same result as the SDK's own dictionary parser.
    expect({ ...azureIotCommon.ConnectionString.parse(source) }).toEqual(expected);
  });

  it("stores __proto__ as data", () => {
    const parsed = parseConnectionString("__proto__=x;a=b");
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(["__proto__", "a"]);
  });
});

describe("connection string builders", () => {
  it.each<[string, string, string]>([
    ["device", deviceConnectionString({ host: HOST, deviceId: "dev1", key: KEY }), `HostName=${HOST};DeviceId=dev1;SharedAccessKey=${KEY}`],
    ["device via gateway", deviceConnectionString({ host: HOST, deviceId: "dev1", key: KEY, gatewayHostName: "gw.local" }),
      `HostName=${HOST};DeviceId=dev1;SharedAccessKey=${KEY};GatewayHostName=gw.local`],
    ["module", moduleConnectionString({ host: HOST, deviceId: "edge-gw-01", moduleId: "anomaly-filter", key: KEY }),
      `HostName=${HOST};DeviceId=edge-gw-01;ModuleId=anomaly-filter;SharedAccessKey=${KEY}`],
    ["service", serviceConnectionString({ host: HOST, policyName: "iothubowner", key: KEY }),
      `HostName=${HOST};SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY}`],
  ])("%s", (_name, built, expected) => {
    expect(built).toBe(expected);
  });

  it("device format equals the SDK's createWithSharedAccessKey", () => {
    expect(deviceConnectionString({ host: HOST, deviceId: "dev1", key: KEY })).toBe(
      azureIotDevice.ConnectionString.createWithSharedAccessKey(HOST, "dev1", KEY),
    );
  });

  it.each<[string, () => string, string]>([
    ["built device strings parse back with the device SDK", () => deviceConnectionString({ host: HOST, deviceId: "d", key: KEY }), "d"],
    ["built module strings parse back with the device SDK", () => moduleConnectionString({ host: HOST, deviceId: "g", moduleId: "m", key: KEY }), "g"],
  ])("%s", (_name, build, deviceId) => {
    const parsed = azureIotDevice.ConnectionString.parse(build());
    expect(parsed.DeviceId).toBe(deviceId);
    expect(parsed.SharedAccessKey).toBe(KEY);
    expect(parseConnectionString(build())).toEqual({ ...parsed });
  });

  it.each<[string, () => string, string]>([
    ["empty key", () => deviceConnectionString({ host: HOST, deviceId: "d", key: "" }), "SharedAccessKey"],
    ["semicolon in host", () => serviceConnectionString({ host: "a;b", policyName: "p", key: KEY }), "HostName"],
    ["empty module id", () => moduleConnectionString({ host: HOST, deviceId: "d", moduleId: "", key: KEY }), "ModuleId"],
  ])("rejects %s", (_name, build, path) => {
    const err = appErrorOf(build);
    expect(err.code).toBe("ArgumentInvalid");
    expect(err.details?.path).toBe(path);
  });
});
