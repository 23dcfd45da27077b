import { describe, expect, it } from "vitest";
import { findUnstorableText, isStorableText } from "./storable-text";

describe("isStorableText", () => {
  it.each([
    ["plain", "abc", true],
    ["emoji (paired surrogates)", "🔑", true],
    ["NUL", "a\u0000b", false],
    ["lone high surrogate", "a\ud800", false],
    ["lone low surrogate", "\udc00b", false],
    ["other control characters are storable", "\u0001\u007f", true],
  ])("%s", (_name, text, expected) => expect(isStorableText(text)).toBe(expected));
});

describe("findUnstorableText", () => {
  it.each([
    ["clean document", { a: { b: ["x", 1, null] } }, null],
    ["NUL in a nested value", { tags: { site: "a\u0000" } }, "tags.site"],
    ["NUL in an array element", { a: ["ok", "b\u0000"] }, "a[1]"],
    ["lone surrogate in a key", { a: { ["k\ud800"]: 1 } }, "a.k\ud800"],
    ["top-level string", "\u0000", ""],
  ])("%s", (_name, value, expected) => expect(findUnstorableText(value)).toBe(expected));
});
