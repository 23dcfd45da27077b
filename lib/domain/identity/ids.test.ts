import { describe, expect, it } from "vitest";
import { appErrorOf } from "../twins/test-helpers";
import { SYSTEM_MODULE_IDS, validateDeviceId, validateModuleId } from "./ids";

const GOOD_IDS = [
  "d",
  "edge-gw-01",
  "Device.With_Dots",
  "a%b",
  "what*?!",
  "(x),y:z=w@h$'",
  "ABCxyz0123456789",
  "x".repeat(128),
];

const BAD_IDS: Array<[string, unknown]> = [
  ["empty", ""],
  ["129 chars", "x".repeat(129)],
  ["plus", "a+b"],
  ["hash", "a#b"],
  ["semicolon", "a;b"],
  ["slash", "a/b"],
  ["backslash", "a\\b"],
  ["space", "a b"],
  ["leading space", " ab"],
  ["tab", "a\tb"],
  ["non-ASCII", "gerät"],
  ["ampersand", "a&b"],
  ["double quote", 'a"b'],
  ["brackets", "a[b]"],
  ["not a string", 42],
  ["null", null],
];

describe("validateDeviceId", () => {
  it.each(GOOD_IDS)("accepts %j", (id) => {
    expect(validateDeviceId(id)).toBe(id);
  });

  it.each(BAD_IDS)("rejects %s", (_name, id) => {
    const err = appErrorOf(() => validateDeviceId(id));
    expect(err.code).toBe("ArgumentInvalid");
    expect(err.details?.path).toBe("deviceId");
    expect(err.message).toContain("deviceId");
  });

  it("names a custom field", () => {
    expect(appErrorOf(() => validateDeviceId("a/b", "devices[3].deviceId")).details?.path).toBe("devices[3].deviceId");
  });

  it("is case-sensitive (returns the id unchanged)", () => {
    expect(validateDeviceId("MyDevice")).toBe("MyDevice");
  });
});

describe("validateModuleId", () => {
  it.each(GOOD_IDS.filter((id) => !id.startsWith("$")))("accepts %j", (id) => {
    expect(validateModuleId(id)).toBe(id);
  });

  it.each(BAD_IDS)("rejects %s", (_name, id) => {
    const err = appErrorOf(() => validateModuleId(id));
    expect(err.code).toBe("ArgumentInvalid");
    expect(err.details?.path).toBe("moduleId");
  });

  it.each<[string, boolean, boolean]>([
    ["$edgeAgent", false, false],
    ["$edgeHub", false, false],
    ["$edgeAgent", true, true],
    ["$edgeHub", true, true],
    ["$edgeagent", true, false],
    ["$custom", true, false],
    ["$custom", false, false],
    ["mod$ule", false, true],
  ])("%s with allowSystem=%s ⇒ valid=%s", (id, allowSystem, valid) => {
    const run = () => validateModuleId(id, "moduleId", { allowSystem });
    if (valid) expect(run()).toBe(id);
    else expect(appErrorOf(run).details?.path).toBe("moduleId");
  });

  it("exports the system module ids", () => {
    expect(SYSTEM_MODULE_IDS).toEqual(["$edgeAgent", "$edgeHub"]);
  });
});
