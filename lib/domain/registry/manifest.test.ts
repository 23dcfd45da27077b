import { describe, expect, it } from "vitest";
import { MEDIA_TYPES, parseImageConfig, parseManifest, platformName } from "./manifest";

const d = (c: string) => `sha256:${c.repeat(64)}`;

describe("parseManifest", () => {
  it.each<[string, unknown, string | null, ReturnType<typeof parseManifest>]>([
    [
      "Docker schema 2 image",
      { schemaVersion: 2, mediaType: MEDIA_TYPES.dockerManifest, config: { digest: d("a") }, layers: [] },
      null,
      { kind: "image", mediaType: MEDIA_TYPES.dockerManifest, configDigest: d("a") },
    ],
    [
      "OCI image without mediaType in the body: the header decides",
      { schemaVersion: 2, config: { digest: d("b") }, layers: [] },
      `${MEDIA_TYPES.ociManifest}; charset=utf-8`,
      { kind: "image", mediaType: MEDIA_TYPES.ociManifest, configDigest: d("b") },
    ],
    [
      "OCI index with two platforms and an attestation",
      {
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [
          { digest: d("1"), platform: { os: "linux", architecture: "amd64" } },
          { digest: d("2"), platform: { os: "linux", architecture: "arm64", variant: "v8" } },
          { digest: d("3"), platform: { os: "unknown", architecture: "unknown" } },
        ],
      },
      null,
      {
        kind: "index",
        mediaType: MEDIA_TYPES.ociIndex,
        platforms: [
          { os: "linux", architecture: "amd64", variant: null, digest: d("1") },
          { os: "linux", architecture: "arm64", variant: "v8", digest: d("2") },
        ],
      },
    ],
    [
      "Docker manifest list by header, entry without platform skipped",
      { schemaVersion: 2, manifests: [{ digest: d("4") }, { digest: d("5"), platform: { os: "windows", architecture: "amd64" } }] },
      MEDIA_TYPES.dockerList,
      { kind: "index", mediaType: MEDIA_TYPES.dockerList, platforms: [{ os: "windows", architecture: "amd64", variant: null, digest: d("5") }] },
    ],
    ["index guessed from manifests[]", { manifests: [] }, null, { kind: "index", mediaType: MEDIA_TYPES.ociIndex, platforms: [] }],
    ["image without config", { schemaVersion: 2 }, null, { kind: "image", mediaType: MEDIA_TYPES.ociManifest, configDigest: null }],
  ])("%s", (_name, doc, header, expected) => {
    expect(parseManifest(doc, header)).toEqual(expected);
  });

  it.each([null, [], "x", 3])("refuses %j", (doc) => {
    expect(() => parseManifest(doc, null)).toThrow(/not a JSON object/);
  });
});

describe("parseImageConfig", () => {
  it.each<[string, unknown, ReturnType<typeof parseImageConfig>]>([
    [
      "a full config",
      {
        created: "2026-01-02T03:04:05Z",
        os: "linux",
        architecture: "arm64",
        variant: "v8",
        config: { Labels: { a: "1", bad: 2 }, ExposedPorts: { "8080/tcp": {}, "443/tcp": {} }, Env: ["PATH=/bin", 3] },
      },
      {
        created: "2026-01-02T03:04:05Z",
        labels: { a: "1" },
        exposedPorts: ["443/tcp", "8080/tcp"],
        env: ["PATH=/bin"],
        os: "linux",
        architecture: "arm64",
        variant: "v8",
      },
    ],
    ["empty", {}, { created: null, labels: {}, exposedPorts: [], env: [], os: null, architecture: null, variant: null }],
    ["not an object", "x", { created: null, labels: {}, exposedPorts: [], env: [], os: null, architecture: null, variant: null }],
    ["null Labels", { config: { Labels: null } }, { created: null, labels: {}, exposedPorts: [], env: [], os: null, architecture: null, variant: null }],
  ])("%s", (_name, doc, expected) => {
    expect(parseImageConfig(doc)).toEqual(expected);
  });
});

describe("platformName", () => {
  it.each<[string | null, string]>([
    [null, "linux/amd64"],
    ["v7", "linux/amd64/v7"],
  ])("variant %s", (variant, expected) => {
    expect(platformName({ os: "linux", architecture: "amd64", variant })).toBe(expected);
  });
});
