import { describe, expect, it } from "vitest";
import { canReplayFrom, resumePoint } from "./resume";

describe("resumePoint", () => {
  const cases: [string, unknown, number | null][] = [
    ["no resume point", undefined, null],
    ["null", null, null],
    ["negative", -1, null],
    ["a fraction", 1.5, null],
    ["not a number", "abc", null],
    ["an object", { seq: 3 }, null],
    ["past the safe integers", 2 ** 60, null],
    ["zero", 0, 0],
    ["a seq", 42, 42],
    ["as a string", "42", 42],
  ];
  it.each(cases)("%s", (_name, since, expected) => {
    expect(resumePoint(since)).toBe(expected);
  });
});

describe("canReplayFrom", () => {
  const cases: [string, number, number | null, boolean][] = [
    ["the row just before the oldest kept", 9, 10, true],
    ["inside the kept rows", 42, 10, true],
    ["ahead of every row", 500, 10, true],
    ["zero on a feed that still starts at 1", 0, 1, true],
    ["older than the oldest kept row", 8, 10, false],
    ["zero after a sweep", 0, 1_000, false],
    ["an empty feed", 7, null, true],
  ];
  it.each(cases)("%s", (_name, point, oldest, expected) => {
    expect(canReplayFrom(point, oldest)).toBe(expected);
  });
});
