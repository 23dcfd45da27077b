import { describe, expect, it } from "vitest";
import { appErrorOf } from "../twins/test-helpers";
import { imageRef, normalizeRegistryUrl, REFERENCE_PATTERN, REPOSITORY_PATTERN } from "./registry-url";

describe("normalizeRegistryUrl", () => {
  it.each<[string, string, string]>([
    ["http://127.0.0.1:5000", "http://127.0.0.1:5000", "127.0.0.1:5000"],
    ["https://registry.example.com/", "https://registry.example.com", "registry.example.com"],
    ["  https://Registry.Example.com:443/v2/ ", "https://registry.example.com", "registry.example.com"],
    ["registry.example.com:5000", "https://registry.example.com:5000", "registry.example.com:5000"],
    ["http://[::1]:5000", "http://[::1]:5000", "[::1]:5000"],
  ])("%s", (input, url, host) => {
    expect(normalizeRegistryUrl(input)).toEqual({ url, host });
  });

  it.each([
    ["not a URL", "http://"],
    ["another scheme", "ftp://r.example"],
    ["javascript", "javascript://alert(1)"],
    ["credentials", "https://user:pw@r.example"],
    ["a path", "https://r.example/some/path"],
    ["a query", "https://r.example/?x=1"],
    ["a fragment", "https://r.example/#x"],
  ])("refuses %s with details.field=url", (_name, input) => {
    const error = appErrorOf(() => normalizeRegistryUrl(input));
    expect(error.code).toBe("ArgumentInvalid");
    expect(error.details).toMatchObject({ field: "url", path: "url" });
  });
});

describe("imageRef", () => {
  it.each<[string, string, string | undefined, string]>([
    ["127.0.0.1:5000", "samples/app", "1.0", "127.0.0.1:5000/samples/app:1.0"],
    ["127.0.0.1:5000", "samples/app", undefined, "127.0.0.1:5000/samples/app"],
    ["r.example", "app", `sha256:${"a".repeat(64)}`, `r.example/app@sha256:${"a".repeat(64)}`],
    ["", "mcr.microsoft.com/azureiotedge-agent", "1.5", "mcr.microsoft.com/azureiotedge-agent:1.5"],
  ])("%s + %s + %s", (host, repository, reference, expected) => {
    expect(imageRef(host, repository, reference)).toBe(expected);
  });
});

describe("name patterns", () => {
  it.each<[string, boolean]>([
    ["alpine", true],
    ["library/alpine", true],
    ["a/b-c/d_e.f", true],
    ["Upper", false],
    ["/lead", false],
    ["trail/", false],
    ["a//b", false],
    ["../x", false],
  ])("repository %s ⇒ %s", (name, ok) => expect(REPOSITORY_PATTERN.test(name)).toBe(ok));

  it.each<[string, boolean]>([
    ["latest", true],
    ["1.5.0-rc1", true],
    [`sha256:${"0".repeat(64)}`, true],
    [".hidden", false],
    ["a/b", false],
    ["x".repeat(129), false],
  ])("reference %s ⇒ %s", (ref, ok) => expect(REFERENCE_PATTERN.test(ref)).toBe(ok));
});
