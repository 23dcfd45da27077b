import { describe, expect, it } from "vitest";
import { credentialHosts, hasTagOrDigest, imageRegistryHost, normalizeRegistryHost } from "./image-registry";

describe("imageRegistryHost", () => {
  it.each([
    ["historian:1.0.9", "docker.io"],
    ["library/redis:7", "docker.io"],
    ["edgedeck/samples/anomaly-filter:1.2.0", "docker.io"],
    ["mcr.microsoft.com/azureiotedge-hub:1.5", "mcr.microsoft.com"],
    ["Registry.Example.com/historian:2.0.4", "registry.example.com"],
    ["localhost/x:1", "localhost"],
    ["localhost:5000/x:1", "localhost:5000"],
    ["index.docker.io/library/redis", "docker.io"],
    ["$upstream:443/azureiotedge-hub:1.5", "$upstream:443"],
  ])("%s ⇒ %s", (image, host) => expect(imageRegistryHost(image)).toBe(host));
});

describe("normalizeRegistryHost / credentialHosts", () => {
  it.each([
    ["https://registry.example.com/", "registry.example.com"],
    ["REGISTRY.example.com", "registry.example.com"],
    ["registry-1.docker.io", "docker.io"],
    ["myacr.azurecr.io/v2", "myacr.azurecr.io"],
  ])("%s ⇒ %s", (address, host) => expect(normalizeRegistryHost(address)).toBe(host));

  it("collects the hosts of every credential with an address", () => {
    expect([...credentialHosts({ a: { address: "https://A.example.com" }, b: { username: "x" }, c: "junk" })]).toEqual(["a.example.com"]);
    expect(credentialHosts(undefined).size).toBe(0);
  });
});

describe("hasTagOrDigest", () => {
  it.each([
    ["historian:1.0.9", true],
    ["historian", false],
    ["localhost:5000/historian", false],
    ["registry.example.com/historian@sha256:abc", true],
  ])("%s ⇒ %s", (image, expected) => expect(hasTagOrDigest(image)).toBe(expected));
});
