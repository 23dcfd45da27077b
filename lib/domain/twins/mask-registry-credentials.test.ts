import { describe, expect, it } from "vitest";
import { MASKED_SECRET, maskReportedRegistryPasswords } from "./mask-registry-credentials";

const withCredentials = {
  runtime: { type: "docker", settings: { minDockerVersion: "v1.25", registryCredentials: { acr: { username: "u", password: "p@ss", address: "r.io" }, bare: "x" } } },
  modules: {},
};

describe("maskReportedRegistryPasswords", () => {
  it.each<[string, string | undefined, Record<string, unknown>, Record<string, unknown>]>([
    [
      "masks every password of $edgeAgent's reported registry credentials, keeping the rest",
      "$edgeAgent",
      withCredentials,
      {
        runtime: { type: "docker", settings: { minDockerVersion: "v1.25", registryCredentials: { acr: { username: "u", password: MASKED_SECRET, address: "r.io" }, bare: "x" } } },
        modules: {},
      },
    ],
    ["leaves other modules alone", "filter", withCredentials, withCredentials],
    ["leaves device twins alone", undefined, withCredentials, withCredentials],
    ["leaves a report without credentials alone", "$edgeAgent", { runtime: { settings: {} } }, { runtime: { settings: {} } }],
    ["tolerates odd shapes", "$edgeAgent", { runtime: "docker" }, { runtime: "docker" }],
  ])("%s", (_name, moduleId, reported, expected) => {
    expect(maskReportedRegistryPasswords(moduleId, reported)).toEqual(expected);
  });

  it("does not change its input", () => {
    const input = structuredClone(withCredentials);
    maskReportedRegistryPasswords("$edgeAgent", input);
    expect(input).toEqual(withCredentials);
  });
});
