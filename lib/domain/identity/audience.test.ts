import { describe, expect, it } from "vitest";
import { audienceCovers, audienceIdentity, type ResourceIdentity } from "./audience";

const HOST = "contoso.azure-devices.net";
const HOSTS = [HOST, "edge-gw-01.local"];
const d1: ResourceIdentity = { host: HOST, deviceId: "d1" };
const d10: ResourceIdentity = { host: HOST, deviceId: "d10" };
const d1m: ResourceIdentity = { host: HOST, deviceId: "d1", moduleId: "m1" };
const hub: ResourceIdentity = { host: HOST };

describe("audienceCovers", () => {
  it.each<[string, string, ResourceIdentity, boolean]>([
    ["hub audience covers the hub", HOST, hub, true],
    ["hub audience covers any device", HOST, d1, true],
    ["hub audience covers any module", HOST, d1m, true],
    ["devices prefix covers every device", `${HOST}/devices`, d1, true],
    ["devices prefix covers modules", `${HOST}/devices`, d1m, true],
    ["devices prefix does not cover the hub itself", `${HOST}/devices`, hub, false],
    ["device covers itself", `${HOST}/devices/d1`, d1, true],
    ["device covers its modules", `${HOST}/devices/d1`, d1m, true],
    ["d1 does not cover d10 (per-segment prefix)", `${HOST}/devices/d1`, d10, false],
    ["d10 does not cover d1", `${HOST}/devices/d10`, d1, false],
    ["module covers itself", `${HOST}/devices/d1/modules/m1`, d1m, true],
    ["module does not cover its device", `${HOST}/devices/d1/modules/m1`, d1, false],
    ["module does not cover a sibling", `${HOST}/devices/d1/modules/m2`, d1m, false],
    ["modules prefix covers the device's modules", `${HOST}/devices/d1/modules`, d1m, true],
    ["device id compared case-insensitively", `${HOST}/devices/D1`, d1, true],
    ["fully lower-cased audience", `${HOST}/devices/mydevice`, { host: HOST, deviceId: "MyDevice" }, true],
    ["module id compared case-insensitively", `${HOST}/devices/d1/modules/M1`, d1m, true],
    ["host compared case-insensitively", `CONTOSO.Azure-Devices.NET/devices/d1`, d1, true],
    ["port on the audience host ignored", `${HOST}:8883/devices/d1`, d1, true],
    ["gateway host accepted", `edge-gw-01.local/devices/d1`, d1, true],
    ["unknown host rejected", `evil.example.com/devices/d1`, d1, false],
    ["host prefix is not a host", `contoso.azure-devices.net.evil.com/devices/d1`, d1, false],
    ["trailing slash tolerated", `${HOST}/devices/`, d1, true],
    ["empty segment rejected", `${HOST}//devices/d1`, d1, false],
    ["other path rejected", `${HOST}/twins/d1`, d1, false],
    ["empty audience", "", d1, false],
    ["module without device never matches", HOST, { host: HOST, moduleId: "m1" }, false],
  ])("%s", (_name, audience, resource, expected) => {
    expect(audienceCovers(audience, resource, HOSTS)).toBe(expected);
  });

  it.each<[string, string[], boolean]>([
    ["accepted host with a port", [`${HOST}:443`], true],
    ["bracketed IPv6 with port", ["[::1]:8883"], false],
    ["no accepted hosts", [], false],
  ])("%s", (_name, accepted, expected) => {
    expect(audienceCovers(`${HOST}/devices/d1`, d1, accepted)).toBe(expected);
  });

  it("matches bracketed IPv6 hosts with and without port", () => {
    expect(audienceCovers("[::1]:8883/devices/d1", { host: "[::1]", deviceId: "d1" }, ["[::1]"])).toBe(true);
  });
});

describe("audienceIdentity", () => {
  it.each<[string, ResourceIdentity | null]>([
    [HOST, { host: HOST }],
    [`${HOST}/devices/d1`, { host: HOST, deviceId: "d1" }],
    [`${HOST}/devices/d1/modules/$edgeAgent`, { host: HOST, deviceId: "d1", moduleId: "$edgeAgent" }],
    [`${HOST}/Devices/D1/Modules/M`, { host: HOST, deviceId: "D1", moduleId: "M" }],
    [`${HOST}:8883/devices/d1`, { host: `${HOST}:8883`, deviceId: "d1" }],
    [`${HOST}/devices/d1/`, { host: HOST, deviceId: "d1" }],
    [`${HOST}/devices`, null],
    [`${HOST}/devices/d1/modules`, null],
    [`${HOST}/devices/d1/twin`, null],
    [`${HOST}/things/d1`, null],
    [`${HOST}/devices/d1/modules/m/x`, null],
    [`${HOST}//d1`, null],
    ["", null],
  ])("%j", (audience, expected) => {
    expect(audienceIdentity(audience)).toEqual(expected);
  });
});
