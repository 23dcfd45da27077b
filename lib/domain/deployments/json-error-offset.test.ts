import { describe, expect, it } from "vitest";
import { jsonErrorOffset } from "./json-error-offset";

describe("jsonErrorOffset", () => {
  it.each([
    ['{"a": [1, 2.5e3, -0, true, false, null, "x\\u00e9\\n"]}', null],
    ["  {}  ", null],
    ['{"modulesContent": {"a": }}', 25],
    ['{"modulesContent": ', 19],
    ['{"a" 1}', 5],
    ["[1,]", 3],
    ["[1 2]", 3],
    ['{"a": tru}', 9],
    ["{} x", 3],
    ['"bad \\x"', 6],
    ["01", 1],
    ["", 0],
  ])("%j ⇒ %s", (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
    expect(offset === null).toBe((() => { try { JSON.parse(text); return true; } catch { return false; } })());
  });
});
