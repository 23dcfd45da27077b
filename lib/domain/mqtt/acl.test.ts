import { describe, expect, it } from "vitest";
import { decidePublish, decideSubscribe } from "./acl";

const device = { deviceId: "d1" };
const module = { deviceId: "d1", moduleId: "m1" };

describe("decidePublish", () => {
  it.each<[string, { deviceId: string; moduleId?: string }, string, number, boolean]>([
    ["device telemetry", device, "devices/d1/messages/events/", 1, true],
    ["device telemetry at QoS 0", device, "devices/d1/messages/events/a=1", 0, true],
    ["module output", module, "devices/d1/modules/m1/messages/events/%24.on=o/", 1, true],
    ["twin GET", module, "$iothub/twin/GET/?$rid=1", 0, true],
    ["reported PATCH", device, "$iothub/twin/PATCH/properties/reported/?$rid=1", 0, true],
    ["method response", module, "$iothub/methods/res/200/?$rid=1", 0, true],
    ["QoS 2 telemetry", device, "devices/d1/messages/events/", 2, false],
    ["another device's telemetry", device, "devices/d2/messages/events/", 1, false],
    ["a device publishing as its module", device, "devices/d1/modules/m1/messages/events/", 1, false],
    ["a module publishing as its device", module, "devices/d1/messages/events/", 1, false],
    ["a module publishing as a sibling", module, "devices/d1/modules/m2/messages/events/", 1, false],
    ["a module publishing to another device's module", module, "devices/d2/modules/m1/messages/events/", 1, false],
    ["device id prefix", { deviceId: "d" }, "devices/d1/messages/events/", 1, false],
    ["C2D injection", device, "devices/d1/messages/devicebound/x", 1, false],
    ["input injection", module, "devices/d1/modules/m1/inputs/in/", 1, false],
    ["method request injection", module, "$iothub/methods/POST/reboot/?$rid=1", 0, false],
    ["desired patch injection", module, "$iothub/twin/PATCH/properties/desired/?$version=9", 0, false],
    ["twin response injection", module, "$iothub/twin/res/200/?$rid=1", 0, false],
    ["$SYS", device, "$SYS/x/new/clients", 0, false],
    ["arbitrary topic", device, "foo/bar", 0, false],
    ["malformed property bag", device, "devices/d1/messages/events/a=%zz", 1, false],
  ])("%s", (_name, identity, topic, qos, allowed) => {
    expect(decidePublish(identity, topic, qos).allowed).toBe(allowed);
  });
});

describe("decideSubscribe", () => {
  it.each<[string, { deviceId: string; moduleId?: string }, string, number, false | 0 | 1]>([
    ["twin responses", module, "$iothub/twin/res/#", 0, 0],
    ["desired updates", module, "$iothub/twin/PATCH/properties/desired/#", 0, 0],
    ["methods", device, "$iothub/methods/POST/#", 0, 0],
    ["one method", device, "$iothub/methods/POST/reboot/#", 0, 0],
    ["device C2D at QoS 1", device, "devices/d1/messages/devicebound/#", 1, 1],
    ["module inputs at QoS 1", module, "devices/d1/modules/m1/inputs/#", 1, 1],
    ["one input", module, "devices/d1/modules/m1/inputs/in1/#", 1, 1],
    ["QoS 2 is granted as 1", module, "devices/d1/modules/m1/inputs/#", 2, 1],
    ["#", module, "#", 0, false],
    ["+/#", module, "+/#", 0, false],
    ["$iothub/#", module, "$iothub/#", 0, false],
    ["$SYS/#", device, "$SYS/#", 0, false],
    ["another device's C2D", device, "devices/d2/messages/devicebound/#", 1, false],
    ["all devices' C2D", device, "devices/+/messages/devicebound/#", 1, false],
    ["a module reading its device's C2D", module, "devices/d1/messages/devicebound/#", 1, false],
    ["a device reading its module's inputs", device, "devices/d1/modules/m1/inputs/#", 1, false],
    ["a sibling module's inputs", module, "devices/d1/modules/m2/inputs/#", 1, false],
    ["telemetry of its own device", module, "devices/d1/messages/events/#", 0, false],
    ["wildcard inside an allowed family", module, "devices/d1/modules/m1/inputs/+/#", 1, false],
    ["twin requests of others", module, "$iothub/twin/GET/#", 0, false],
    ["method responses of others", module, "$iothub/methods/res/#", 0, false],
  ])("%s", (_name, identity, filter, qos, expected) => {
    const decision = decideSubscribe(identity, filter, qos);
    if (expected === false) expect(decision.allowed).toBe(false);
    else expect(decision).toEqual({ allowed: true, qos: expected });
  });
});
