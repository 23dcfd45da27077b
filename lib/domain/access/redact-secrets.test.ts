import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "./redact-secrets";

describe("redactSecrets", () => {
  it.each([
    [
      "identity keys at depth",
      { authentication: { symmetricKey: { primaryKey: "k1", secondaryKey: "k2" } } },
      { authentication: { symmetricKey: { primaryKey: REDACTED, secondaryKey: REDACTED } } },
    ],
    ["null keys stay null", { primaryKey: null }, { primaryKey: null }],
    ["arrays", [{ password: "p" }, { other: 1 }], [{ password: REDACTED }, { other: 1 }]],
    ["non-secrets untouched", { tags: { site: "a" } }, { tags: { site: "a" } }],
  ])("%s", (_name, input, expected) => {
    expect(redactSecrets(input)).toEqual(expected);
  });

  it("does not modify its input", () => {
    const input = { primaryKey: "k" };
    redactSecrets(input);
    expect(input.primaryKey).toBe("k");
  });
});
