import { describe, expect, it } from "vitest";
import { parseConnectIdentity } from "./connect-identity";

const Q = "?api-version=2021-04-12&DeviceClientType=azure-iot-device%2F1.18.4";

describe("parseConnectIdentity", () => {
  it.each<[string, string, string, unknown]>([
    ["device", "d1", `hub.local/d1/${Q}`, { identity: { deviceId: "d1" }, host: "hub.local" }],
    ["module", "d1/m1", `hub.local/d1/m1/${Q}`, { identity: { deviceId: "d1", moduleId: "m1" }, host: "hub.local" }],
    ["system module", "edge-1/$edgeAgent", `127.0.0.1:8883/edge-1/$edgeAgent/${Q}`, { identity: { deviceId: "edge-1", moduleId: "$edgeAgent" }, host: "127.0.0.1:8883" }],
    ["host with a port", "d1", `localhost:18883/d1/${Q}`, { identity: { deviceId: "d1" }, host: "localhost:18883" }],
    ["IPv6 host", "d1", `[::1]:8883/d1/${Q}`, { identity: { deviceId: "d1" }, host: "[::1]:8883" }],
    ["device id containing ?", "a?b", `h/a?b/${Q}`, { identity: { deviceId: "a?b" }, host: "h" }],
    ["device id starting with ?", "?x", `h/?x/${Q}`, { identity: { deviceId: "?x" }, host: "h" }],
    ["no query after the trailing slash", "d1", "h/d1/", { identity: { deviceId: "d1" }, host: "h" }],
  ])("accepts %s", (_name, clientId, username, expected) => {
    const result = parseConnectIdentity(clientId, username);
    expect(result).toMatchObject({ ok: true, ...(expected as object) });
  });

  it("reads the query", () => {
    const result = parseConnectIdentity("d1", `h/d1/${Q}&model-id=dtmi%3Acom%3Aexample%3B1`);
    expect(result.ok && result.query).toEqual({
      "api-version": "2021-04-12",
      DeviceClientType: "azure-iot-device/1.18.4",
      "model-id": "dtmi:com:example;1",
    });
  });

  it.each<[string, string | undefined, string | undefined, 2 | 4]>([
    ["no client id", undefined, `h/d1/${Q}`, 2],
    ["empty client id", "", `h/d1/${Q}`, 2],
    ["# in the device id", "d#1", `h/d#1/${Q}`, 2],
    ["+ in the device id", "d+1", `h/d+1/${Q}`, 2],
    ["# in the module id", "d1/m#", `h/d1/m#/${Q}`, 2],
    ["+ in the module id", "d1/+", `h/d1/+/${Q}`, 2],
    ["three levels", "d1/m1/x", `h/d1/m1/x/${Q}`, 2],
    ["empty module id", "d1/", `h/d1//${Q}`, 2],
    ["reserved $ module id", "d1/$other", `h/d1/$other/${Q}`, 2],
    ["129-character device id", "x".repeat(129), `h/${"x".repeat(129)}/${Q}`, 2],
    ["no username", "d1", undefined, 4],
    ["username without host", "d1", `/d1/${Q}`, 4],
    ["username with # in the host", "d1", `h#/d1/${Q}`, 4],
    ["username naming another device", "d1", `h/d2/${Q}`, 4],
    ["username naming a module of a device client", "d1", `h/d1/m1/${Q}`, 4],
    ["username without the module of a module client", "d1/m1", `h/d1/${Q}`, 4],
    ["username with a longer device id", "d1", `h/d10/${Q}`, 4],
    ["username without the trailing slash", "d1", "h/d1", 4],
    ["username with extra text after the ids", "d1", "h/d1/x?api-version=1", 4],
    ["username that is only a host", "d1", "h", 4],
  ])("refuses %s with CONNACK %s", (_name, clientId, username, returnCode) => {
    expect(parseConnectIdentity(clientId, username)).toMatchObject({ ok: false, returnCode });
  });
});
