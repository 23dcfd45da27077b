import { describe, expect, it } from "vitest";
import {
  clientIdOf,
  desiredPatchTopic,
  methodRequestTopic,
  parseInboundTopic,
  parseTopicQuery,
  topicMatches,
  twinResponseTopic,
  METHOD_NAME,
} from "./topics";

const none = { system: {}, application: {} };

describe("parseInboundTopic", () => {
  it.each<[string, string, unknown]>([
    ["device telemetry (SDK: trailing slash, no bag)", "devices/d1/messages/events/", { kind: "telemetry", target: { deviceId: "d1" }, properties: none }],
    ["device telemetry without the trailing slash", "devices/d1/messages/events", { kind: "telemetry", target: { deviceId: "d1" }, properties: none }],
    [
      "device telemetry with a bag",
      "devices/d1/messages/events/%24.mid=1&k=v",
      { kind: "telemetry", target: { deviceId: "d1" }, properties: { system: { messageId: "1" }, application: { k: "v" } } },
    ],
    [
      "module output (bag, then the SDK's trailing slash)",
      "devices/d1/modules/m1/messages/events/%24.on=out1&%24.ct=application%2Fjson/",
      { kind: "telemetry", target: { deviceId: "d1", moduleId: "m1" }, properties: { system: { outputName: "out1", contentType: "application/json" }, application: {} } },
    ],
    ["module telemetry, no bag", "devices/d1/modules/$edgeHub/messages/events/", { kind: "telemetry", target: { deviceId: "d1", moduleId: "$edgeHub" }, properties: none }],
    ["ids with ? and %", "devices/a?b/modules/c%d/messages/events/", { kind: "telemetry", target: { deviceId: "a?b", moduleId: "c%d" }, properties: none }],
    ["twin GET", "$iothub/twin/GET/?$rid=42", { kind: "twinGet", rid: "42" }],
    ["twin GET with an encoded $", "$iothub/twin/GET/?%24rid=abc-1", { kind: "twinGet", rid: "abc-1" }],
    ["reported PATCH", "$iothub/twin/PATCH/properties/reported/?$rid=7&$version=3", { kind: "twinPatchReported", rid: "7" }],
    ["method response", "$iothub/methods/res/200/?$rid=1f", { kind: "methodResponse", status: 200, rid: "1f" }],
    ["method response 500", "$iothub/methods/res/500/?$rid=x", { kind: "methodResponse", status: 500, rid: "x" }],
    // Refused shapes.
    ["extra levels after the bag", "devices/d1/messages/events/a=1/b", { kind: "unknown" }],
    ["C2D topic (hub to device only)", "devices/d1/messages/devicebound/x", { kind: "unknown" }],
    ["module inputs (hub to module only)", "devices/d1/modules/m1/inputs/in1/", { kind: "unknown" }],
    ["empty device id", "devices//messages/events/", { kind: "unknown" }],
    ["empty module id", "devices/d/modules//messages/events/", { kind: "unknown" }],
    ["method request (hub to device only)", "$iothub/methods/POST/reboot/?$rid=1", { kind: "unknown" }],
    ["desired patch (hub to device only)", "$iothub/twin/PATCH/properties/desired/?$version=2", { kind: "unknown" }],
    ["twin response (hub to device only)", "$iothub/twin/res/200/?$rid=1", { kind: "unknown" }],
    ["twin GET without $rid", "$iothub/twin/GET/", { kind: "unknown" }],
    ["twin GET with a $rid carrying topic characters", "$iothub/twin/GET/?$rid=a%2Fb", { kind: "unknown" }],
    ["method response with a non-numeric status", "$iothub/methods/res/ok/?$rid=1", { kind: "unknown" }],
    ["$SYS", "$SYS/broker/x", { kind: "unknown" }],
    ["anything else", "a/b/c", { kind: "unknown" }],
  ])("%s", (_name, topic, expected) => {
    expect(parseInboundTopic(topic)).toEqual(expected);
  });

  it("throws ArgumentInvalid for a malformed property bag", () => {
    expect(() => parseInboundTopic("devices/d1/messages/events/a=%zz")).toThrow(expect.objectContaining({ code: "ArgumentInvalid" }));
  });
});

describe("topic builders", () => {
  it.each([
    [twinResponseTopic(200, "r1"), "$iothub/twin/res/200/?$rid=r1"],
    [twinResponseTopic(204, "r2", 5), "$iothub/twin/res/204/?$rid=r2&$version=5"],
    [twinResponseTopic(400, "r3"), "$iothub/twin/res/400/?$rid=r3"],
    [desiredPatchTopic(7), "$iothub/twin/PATCH/properties/desired/?$version=7"],
    [methodRequestTopic("reboot", "a1"), "$iothub/methods/POST/reboot/?$rid=a1"],
    [clientIdOf({ deviceId: "d" }), "d"],
    [clientIdOf({ deviceId: "d", moduleId: "m" }), "d/m"],
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([
    ["reboot", true],
    ["set_interval.v2", true],
    ["", false],
    ["a/b", false],
    ["a?b", false],
    ["a#", false],
    ["a+b", false],
    ["a b", false],
    ["x".repeat(129), false],
  ])("method name %j valid: %s", (name, valid) => {
    expect(METHOD_NAME.test(name)).toBe(valid);
  });
});

describe("parseTopicQuery", () => {
  it.each<[string, Record<string, string>]>([
    ["?$rid=1&$version=2", { $rid: "1", $version: "2" }],
    ["$rid=1", { $rid: "1" }],
    ["?%24rid=a%20b", { $rid: "a b" }],
    ["?flag&x=", { flag: "", x: "" }],
    ["?bad=%zz&ok=1", { ok: "1" }],
    ["", {}],
  ])("%s", (text, expected) => {
    expect(parseTopicQuery(text)).toEqual(expected);
  });
});

describe("topicMatches", () => {
  it.each<[string, string, boolean]>([
    ["$iothub/twin/res/#", "$iothub/twin/res/200/?$rid=1", true],
    ["$iothub/methods/POST/#", "$iothub/methods/POST/reboot/?$rid=1", true],
    ["$iothub/twin/PATCH/properties/desired/#", "$iothub/twin/PATCH/properties/desired/?$version=2", true],
    ["$iothub/twin/res/#", "$iothub/twin/PATCH/properties/desired/?$version=2", false],
    ["a/#", "a", true],
    ["a/+/c", "a/b/c", true],
    ["a/+/c", "a/b/d", false],
    ["a/b", "a/b/c", false],
    ["#", "$iothub/twin/res/200/?$rid=1", false],
    ["+/twin/res/#", "$iothub/twin/res/200", false],
    ["#", "devices/d/messages/events/", true],
  ])("%s ~ %s is %s", (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});
