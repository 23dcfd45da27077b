import { describe, expect, it } from "vitest";
import { compareTags } from "./tag-order";

describe("compareTags", () => {
  it.each<[string[], string[]]>([
    [["1.10", "1.9", "latest", "1.2.0"], ["latest", "1.2.0", "1.9", "1.10"]],
    [["b", "a", "latest", "latest"], ["latest", "latest", "a", "b"]],
    [["v2", "v10", "v1"], ["v1", "v2", "v10"]],
    [[], []],
  ])("%j", (input, expected) => {
    expect([...input].sort(compareTags)).toEqual(expected);
  });
});
