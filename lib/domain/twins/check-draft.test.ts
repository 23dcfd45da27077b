import { describe, expect, it } from "vitest";
import { checkTwinDraft, locateJsonPaths } from "./check-draft";

describe("checkTwinDraft", () => {
  // [name, text, problem path (null = valid), message fragment, marked text]
  it.each<[string, string, string | null, string, string]>([
    ["a valid section", '{ "a": 1, "b": { "c": [1, "x"] } }', null, "", ""],
    ["not JSON", '{ "a": 1, }', "", "Not valid JSON", '{ "a": 1, }'],
    ["not an object", "[1, 2]", "", "must be a JSON object", "[1, 2]"],
    ["a key with a dot", '{ "ok": 1, "bad.key": 2 }', "bad.key", "must not contain '.'", '"bad.key"'],
    ["a key with a space, nested", '{ "m": { "has space": 1 } }', "m.has space", "space", '"has space"'],
    ["a $ key below the root", '{ "m": { "$x": 1 } }', "m.$x", "$", '"$x"'],
    ["a long string in an array", `{ "arr": [1, "${"x".repeat(5000)}"] }`, "arr[1]", "4096", `"${"x".repeat(5000)}"`],
    ["too deep", `{ "a": ${'{ "b": '.repeat(11)}1${" }".repeat(11)} }`, "a.b.b.b.b.b.b.b.b.b.b", "deeper than 10", '"b"'],
    ["integer out of range", '{ "n": 9007199254740991 }', "n", "outside", '"n"'],
    ["an escaped key", '{ "q\\"uote": { "x y": 1 } }', 'q"uote.x y', "space", '"x y"'],
  ])("%s", (_name, text, path, message, marked) => {
    const result = checkTwinDraft("desired", text);
    if (path === null) {
      expect(result.problems).toEqual([]);
      expect(result.value).not.toBeNull();
      return;
    }
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem!.path).toBe(path);
    expect(problem!.message).toContain(message);
    expect(text.slice(problem!.start, problem!.end)).toBe(marked);
  });

  it("counts the section size against the 32 KB desired budget and marks the whole text when over", () => {
    expect(checkTwinDraft("desired", '{ "ab": "xyz", "n": 1 }')).toMatchObject({ size: 2 + 3 + 1 + 8, limit: 32768, problems: [] });
    const big = JSON.stringify({ a: "x".repeat(4000), b: "x".repeat(4000), c: "x".repeat(4000), d: "x".repeat(4000), e: "x".repeat(4000), f: "x".repeat(4000), g: "x".repeat(4000), h: "x".repeat(4000), i: "x".repeat(1000) });
    const result = checkTwinDraft("desired", big);
    expect(result.size).toBe(8 * 4001 + 1001);
    expect(result.problems[0]).toMatchObject({ path: "", start: 0, end: big.length });
    expect(result.problems[0]!.message).toContain("32768");
    expect(checkTwinDraft("tags", big).limit).toBe(8192);
  });

  it("ignores the read-only root members of desired", () => {
    expect(checkTwinDraft("desired", '{ "$version": 4, "$metadata": {}, "a": 1 }').problems).toEqual([]);
  });
});

describe("locateJsonPaths", () => {
  it("maps keys and array elements to their text ranges", () => {
    const text = '{"a":{"b":[10, {"c":true}]},"d":"x"}';
    const ranges = locateJsonPaths(text);
    const at = (path: string) => {
      const r = ranges.get(path)!;
      return text.slice(r.start, r.end);
    };
    expect(at("a")).toBe('"a"');
    expect(at("a.b")).toBe('"b"');
    expect(at("a.b[0]")).toBe("10");
    expect(at("a.b[1]")).toBe('{"c":true}');
    expect(at("a.b[1].c")).toBe('"c"');
    expect(at("d")).toBe('"d"');
  });
});
