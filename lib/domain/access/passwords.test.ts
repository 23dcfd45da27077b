import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { normalizeUsername, validatePassword } from "./passwords";

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return "ok";
  } catch (error) {
    return error instanceof AppError ? `${error.code}:${error.details?.path}` : "other";
  }
};

describe("validatePassword", () => {
  it.each([
    ["11 characters", "a".repeat(11), "ArgumentInvalid:password"],
    ["12 characters", "a".repeat(12), "ok"],
    ["12 emoji (code points, not UTF-16 units)", "🔑".repeat(12), "ok"],
    ["11 emoji", "🔑".repeat(11), "ArgumentInvalid:password"],
    ["a long passphrase", "correct horse battery staple ".repeat(20), "ok"],
    ["over 1024 bytes", "x".repeat(1025), "ArgumentInvalid:password"],
    ["not a string", 123456789012, "ArgumentInvalid:password"],
  ])("%s", (_name, password, expected) => {
    expect(codeOf(() => validatePassword(password))).toBe(expected);
  });
});

describe("normalizeUsername", () => {
  it.each([
    ["Alice", "alice"],
    ["  ops.team-1 ", "ops.team-1"],
  ])("%s → %s", (input, expected) => expect(normalizeUsername(input)).toBe(expected));

  it.each(["a", "", "has space", "semi;colon", "x".repeat(65), "-leading", null])("rejects %j", (input) => {
    expect(codeOf(() => normalizeUsername(input))).toBe("ArgumentInvalid:username");
  });
});
