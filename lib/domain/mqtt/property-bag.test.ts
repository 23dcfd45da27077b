import querystring from "node:querystring";
import { describe, expect, it } from "vitest";
import { decodePropertyBag, encodePropertyBag, MAX_PROPERTIES } from "./property-bag";

describe("decodePropertyBag", () => {
  it.each<[string, string, Record<string, string>, Record<string, string>]>([
    ["empty", "", {}, {}],
    ["system keys as the SDK's querystring writes them", "%24.mid=m1&%24.cid=c1&%24.ct=application%2Fjson&%24.ce=utf-8", { messageId: "m1", correlationId: "c1", contentType: "application/json", contentEncoding: "utf-8" }, {}],
    ["unencoded system keys", "$.on=out1&$.uid=u", { outputName: "out1", userId: "u" }, {}],
    ["reference example", "%24.on=alerts&%24.ct=application%2Fjson&%24.ce=utf-8&severity=high", { outputName: "alerts", contentType: "application/json", contentEncoding: "utf-8" }, { severity: "high" }],
    ["application keys and values are decoded", "a%20b=c%26d&x%3Dy=1", {}, { "a b": "c&d", "x=y": "1" }],
    ["plus decodes to a space (form encoding)", "k=a+b", {}, { k: "a b" }],
    ["encoded plus stays a plus", "k=a%2Bb", {}, { k: "a+b" }],
    ["a key without a value", "flag", {}, { flag: "" }],
    ["empty pairs are skipped", "a=1&&b=2&", {}, { a: "1", b: "2" }],
    ["the last duplicate wins", "a=1&a=2", {}, { a: "2" }],
    ["value with an equals sign", "a=b=c", {}, { a: "b=c" }],
    ["unknown system key kept under its wire name", "%24.zzz=1", { "$.zzz": "1" }, {}],
    ["dt-subject", "%24.sub=thermostat1", { "dt-subject": "thermostat1" }, {}],
    ["non-ASCII", "t=%E6%B8%A9%E5%BA%A6", {}, { t: "温度" }],
    ["expiry", "%24.exp=2026-01-02T03%3A04%3A05.000Z", { expiryTimeUtc: "2026-01-02T03:04:05.000Z" }, {}],
  ])("%s", (_name, text, system, application) => {
    expect(decodePropertyBag(text)).toEqual({ system, application });
  });

  it.each([
    ["bad percent escape", "a=%zz"],
    ["truncated escape", "a=%E6%B8"],
    ["encoded NUL in a value", "a=%00"],
    ["encoded NUL in a key", "%00=1"],
    ["empty key", "=1"],
    ["too many properties", Array.from({ length: MAX_PROPERTIES + 1 }, (_, i) => `k${i}=1`).join("&")],
  ])("refuses %s", (_name, text) => {
    expect(() => decodePropertyBag(text)).toThrow(expect.objectContaining({ code: "ArgumentInvalid" }));
  });
});

describe("encodePropertyBag", () => {
  it("round-trips through decode", () => {
    const bag = { system: { messageId: "m/1", outputName: "out 1" }, application: { "a&b": "c=d", "温度": "21" } };
    expect(decodePropertyBag(encodePropertyBag(bag))).toEqual(bag);
  });

  it("is read back by querystring, as the SDK reads received topics", () => {
    const text = encodePropertyBag({ system: { messageId: "m1", correlationId: "c 1" }, application: { k: "v&w" } });
    expect({ ...querystring.parse(text) }).toEqual({ "$.mid": "m1", "$.cid": "c 1", k: "v&w" });
  });

  it("is empty for an empty bag", () => {
    expect(encodePropertyBag({ system: {}, application: {} })).toBe("");
  });
});
