import { describe, expect, it } from "vitest";
import { coolOffMs, DEFAULT_RESTART_SETTINGS, isRestartEligible } from "./backoff";

describe("coolOffMs (§8.2)", () => {
  it.each([
    [0, 10_000], [1, 20_000], [2, 40_000], [3, 80_000], [4, 160_000], [5, 300_000], [19, 300_000], [200, 300_000],
  ])("restartCount %i ⇒ %i ms", (n, ms) => expect(coolOffMs(n, DEFAULT_RESTART_SETTINGS)).toBe(ms));
});

describe("isRestartEligible (§6.3)", () => {
  it.each([
    ["always", 0, true], ["always", 1, true], ["on-failure", 0, false], ["on-failure", 139, true],
    ["on-unhealthy", 0, false], ["on-unhealthy", 1, true], ["never", 0, false], ["never", 1, false],
  ] as const)("%s with exit %i ⇒ %s", (policy, code, eligible) => expect(isRestartEligible(policy, code)).toBe(eligible));
});
