import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { appErrorOf } from "../twins/test-helpers";
import { deviceScopeFor, generateGenerationId, generateSymmetricKey } from "./keys";

const fixed = (byte: number) => (size: number) => new Uint8Array(size).fill(byte);

describe("generateSymmetricKey", () => {
  it.each<[number, string]>([
    [0, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="],
    [255, "//////////////////////////////////////////8="],
  ])("encodes 32 bytes of 0x%s as base64", (byte, expected) => {
    expect(generateSymmetricKey(fixed(byte))).toBe(expected);
  });

  it("defaults to crypto randomness (32 bytes, distinct)", () => {
    const a = generateSymmetricKey();
    expect(Buffer.from(a, "base64")).toHaveLength(32);
    expect(a).not.toBe(generateSymmetricKey());
  });
});

describe("generateGenerationId", () => {
  const bytes = (...values: number[]) => () => Uint8Array.from(values);
  it.each<[string, number, () => Uint8Array, string]>([
    ["reproduces IoT Hub's sample 637121074930370650", Date.parse("2019-12-16T15:38:13.037Z"), bytes(0x02, 0x8a), "637121074930370650"],
    ["Unix epoch", 0, bytes(0, 0), "621355968000000000"],
    ["random sub-millisecond digits", 0, bytes(0x01, 0x01), "621355968000000257"],
    ["sub-millisecond digits stay below 10000", 0, bytes(0xff, 0xff), "621355968000005535"],
  ])("%s", (_name, nowMs, random, expected) => {
    expect(generateGenerationId(nowMs, random)).toBe(expected);
  });

  it("is 18 digits for current dates", () => {
    expect(generateGenerationId(Date.UTC(2025, 2, 1))).toMatch(/^\d{18}$/);
  });

  it.each([-1, Number.NaN])("rejects nowMs=%s", (nowMs) => {
    expect(appErrorOf(() => generateGenerationId(nowMs)).code).toBe("ArgumentInvalid");
  });
});

describe("deviceScopeFor", () => {
  it.each<[string, string, string]>([
    ["edge-gw-01", "638412345678901234", "ms-azure-iot-edge://edge-gw-01-638412345678901234"],
    ["Gw", "1", "ms-azure-iot-edge://Gw-1"],
  ])("%s/%s", (deviceId, generationId, expected) => {
    expect(deviceScopeFor(deviceId, generationId)).toBe(expected);
  });
});
