import { describe, expect, it } from "vitest";
import { DEFAULT_POLICIES, RIGHTS, isRight, policyGrants, type Right } from "./policies";

const rightsOf = (keyName: string): readonly Right[] => DEFAULT_POLICIES.find((p) => p.keyName === keyName)?.rights ?? [];

describe("DEFAULT_POLICIES", () => {
  it("lists IoT Hub's five default policies", () => {
    expect(DEFAULT_POLICIES.map((p) => [p.keyName, [...p.rights]])).toEqual([
      ["iothubowner", ["registryRead", "registryWrite", "serviceConnect", "deviceConnect"]],
      ["service", ["serviceConnect"]],
      ["device", ["deviceConnect"]],
      ["registryRead", ["registryRead"]],
      ["registryReadWrite", ["registryRead", "registryWrite"]],
    ]);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(DEFAULT_POLICIES)).toBe(true);
    expect(DEFAULT_POLICIES.every((p) => Object.isFrozen(p) && Object.isFrozen(p.rights))).toBe(true);
  });
});

describe("policyGrants", () => {
  const table: Array<[string, Right, boolean]> = [];
  const expected: Record<string, Right[]> = {
    iothubowner: [...RIGHTS],
    service: ["serviceConnect"],
    device: ["deviceConnect"],
    registryRead: ["registryRead"],
    registryReadWrite: ["registryRead", "registryWrite"],
  };
  for (const [policy, granted] of Object.entries(expected)) {
    for (const right of RIGHTS) table.push([policy, right, granted.includes(right)]);
  }

  it.each(table)("%s grants %s: %s", (policy, right, granted) => {
    expect(policyGrants(rightsOf(policy), right)).toBe(granted);
  });

  it.each<[Right[], Right, boolean]>([
    [["registryWrite"], "registryRead", false],
    [["registryWrite"], "serviceConnect", false],
    [["serviceConnect"], "registryRead", false],
    [[], "deviceConnect", false],
  ])("%j grants %s: %s (no implied rights)", (rights, needed, granted) => {
    expect(policyGrants(rights, needed)).toBe(granted);
  });
});

describe("isRight", () => {
  it.each<[string, boolean]>([
    ["registryRead", true],
    ["deviceConnect", true],
    ["RegistryRead", false],
    ["admin", false],
  ])("%s ⇒ %s", (value, expected) => {
    expect(isRight(value)).toBe(expected);
  });
});
