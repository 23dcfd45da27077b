import { describe, expect, it } from "vitest";
import { planResume, type ResumePlan } from "./resume";

describe("planResume", () => {
  const cases: [string, unknown, number | null, ResumePlan][] = [
    ["no resume point", undefined, 10, { kind: "live" }],
    ["null", null, 10, { kind: "live" }],
    ["negative", -1, 10, { kind: "live" }],
    ["a fraction", 1.5, 10, { kind: "live" }],
    ["not a number", "abc", 10, { kind: "live" }],
    ["an object", { seq: 3 }, 10, { kind: "live" }],
    ["past the safe integers", 2 ** 60, 10, { kind: "live" }],
    ["the row just before the oldest kept", 9, 10, { kind: "replay", since: 9 }],
    ["inside the kept rows", 42, 10, { kind: "replay", since: 42 }],
    ["as a string", "42", 10, { kind: "replay", since: 42 }],
    ["ahead of every row", 500, 10, { kind: "replay", since: 500 }],
    ["zero on a feed that still starts at 1", 0, 1, { kind: "replay", since: 0 }],
    ["older than the oldest kept row", 8, 10, { kind: "resync" }],
    ["zero after a sweep", 0, 1_000, { kind: "resync" }],
    ["an empty feed", 7, null, { kind: "replay", since: 7 }],
  ];
  it.each(cases)("%s", (_name, since, oldest, expected) => {
    expect(planResume(since, oldest)).toEqual(expected);
  });
});
