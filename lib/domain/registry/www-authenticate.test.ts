import { describe, expect, it } from "vitest";
import { parseWwwAuthenticate, pickChallenge } from "./www-authenticate";

describe("parseWwwAuthenticate", () => {
  it.each<[string, string | null, ReturnType<typeof parseWwwAuthenticate>]>([
    ["no header", null, []],
    ["empty", "", []],
    ["basic with realm", 'Basic realm="Registry Realm"', [{ scheme: "basic", params: { realm: "Registry Realm" } }]],
    [
      "Docker Hub bearer",
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      [{ scheme: "bearer", params: { realm: "https://auth.docker.io/token", service: "registry.docker.io", scope: "repository:library/alpine:pull" } }],
    ],
    [
      "scope with several actions keeps its commas",
      'Bearer realm="http://a/t",scope="repository:x:pull,push"',
      [{ scheme: "bearer", params: { realm: "http://a/t", scope: "repository:x:pull,push" } }],
    ],
    ["token values and spaces", "Bearer realm = http://a/t , service=reg", [{ scheme: "bearer", params: { realm: "http://a/t", service: "reg" } }]],
    ["escaped quote", 'Basic realm="a \\"b\\" c"', [{ scheme: "basic", params: { realm: 'a "b" c' } }]],
    ["scheme case is folded", 'BEARER Realm="x"', [{ scheme: "bearer", params: { realm: "x" } }]],
    [
      "two challenges",
      'Basic realm="r", Bearer realm="http://a/t",service="s"',
      [
        { scheme: "basic", params: { realm: "r" } },
        { scheme: "bearer", params: { realm: "http://a/t", service: "s" } },
      ],
    ],
    ["bare scheme", "Negotiate", [{ scheme: "negotiate", params: {} }]],
    ["registry error extension", 'Bearer realm="r",error="insufficient_scope"', [{ scheme: "bearer", params: { realm: "r", error: "insufficient_scope" } }]],
  ])("%s", (_name, header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });
});

describe("pickChallenge", () => {
  it.each<[string, string, string | null]>([
    ["bearer over basic", 'Basic realm="r", Bearer realm="t"', "bearer"],
    ["basic alone", 'Basic realm="r"', "basic"],
    ["unknown scheme", "Negotiate", null],
    ["nothing", "", null],
  ])("%s", (_name, header, scheme) => {
    expect(pickChallenge(parseWwwAuthenticate(header))?.scheme ?? null).toBe(scheme);
  });
});
