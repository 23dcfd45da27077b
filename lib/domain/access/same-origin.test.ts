import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./same-origin";

describe("isSameOriginRequest", () => {
  it.each([
    ["GET is always allowed", "GET", null, null, "hub:3000", true],
    ["same-origin POST", "POST", "http://hub:3000", null, "hub:3000", true],
    ["cross-site POST", "POST", "https://evil.example", null, "hub:3000", false],
    ["other port is another origin", "POST", "http://hub:4000", null, "hub:3000", false],
    ["no Origin, same-origin Referer", "DELETE", null, "http://hub:3000/devices", "hub:3000", true],
    ["no Origin, cross-site Referer", "PATCH", null, "http://evil/x", "hub:3000", false],
    ["neither header", "PUT", null, null, "hub:3000", false],
    ["Origin: null (sandboxed frame)", "POST", "null", null, "hub:3000", false],
    ["garbage Origin", "POST", "::::", null, "hub:3000", false],
    ["host compared case-insensitively", "POST", "http://HUB:3000", null, "hub:3000", true],
  ])("%s", (_name, method, origin, referer, host, expected) => {
    expect(isSameOriginRequest({ method, origin, referer, host })).toBe(expected);
  });
});
