import { describe, expect, it } from "vitest";
import { tokenize } from "./tokenizer";

const values = (text: string) => tokenize(text).slice(0, -1).map((t) => [t.kind, t.value ?? t.text]);

describe("string literals: backslash escapes and doubled quotes", () => {
  it.each<[string, string]>([
    ["'plain'", "plain"],
    ['"plain"', "plain"],
    ["'it''s'", "it's"],
    ['"say ""hi"""', 'say "hi"'],
    ["'it\\'s'", "it's"],
    ['"a\\"b"', 'a"b'],
    ["'a\"b'", 'a"b'],
    ['"a\'b"', "a'b"],
    ["'back\\\\slash'", "back\\slash"],
    ["'\\n\\t\\r\\b\\f\\/'", "\n\t\r\b\f/"],
    ["'\\u00e9\\u0041'", "éA"],
    ["''", ""],
    ["'$edgeAgent'", "$edgeAgent"],
    ["'\\ud83d\\ude00 \u{1F600}'", "\u{1F600} \u{1F600}"],
  ])("%s", (text, value) => {
    expect(values(text)).toEqual([["string", value]]);
  });
});

describe("numbers", () => {
  it.each<[string, number]>([
    ["0", 0],
    ["42", 42],
    ["3.25", 3.25],
    ["1e3", 1000],
    ["2.5E-1", 0.25],
    ["0x1F", 31],
    ["0XfF", 255],
  ])("%s", (text, value) => {
    expect(values(text)).toEqual([["number", value]]);
  });
});

describe("token streams", () => {
  it.each<[string, unknown[]]>([
    ["select Where and", [["keyword", "SELECT"], ["keyword", "WHERE"], ["keyword", "AND"]]],
    ["tags.group", [["ident", "tags"], ["op", "."], ["ident", "group"]]],
    ["tags.[[a.b]]", [["ident", "tags"], ["op", "."], ["name", "a.b"]]],
    ["[[x]] IN [[1], [2]]", [["name", "x"], ["keyword", "IN"], ["op", "["], ["op", "["], ["number", 1], ["op", "]"], ["op", ","], ["op", "["], ["number", 2], ["op", "]"], ["op", "]"]]],
    ["a<=b>=c!=d<>e", [["ident", "a"], ["op", "<="], ["ident", "b"], ["op", ">="], ["ident", "c"], ["op", "!="], ["ident", "d"], ["op", "<>"], ["ident", "e"]]],
    ["properties.desired.$version", [["ident", "properties"], ["op", "."], ["ident", "desired"], ["op", "."], ["ident", "$version"]]],
    ["local-historian", [["ident", "local"], ["op", "-"], ["ident", "historian"]]],
    ["tags.名前", [["ident", "tags"], ["op", "."], ["ident", "名前"]]],
  ])("%s", (text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it("records 0-based positions and ends with eof at the text length", () => {
    expect(tokenize("SELECT  *").map((t) => t.pos)).toEqual([0, 8, 9]);
  });
});
