import { describe, expect, it } from "vitest";
import { BUILT_IN_IMAGES } from "../edge-runtime/known-images";
import { catalogHost, catalogImageRef, catalogImages, searchCatalog } from "./catalog";

describe("catalogImages", () => {
  it("is the simulator's known images, each with a description and platforms", () => {
    const images = catalogImages();
    expect(images.map((i) => i.repository)).toEqual(BUILT_IN_IMAGES.map((i) => i.repository));
    for (const image of images) {
      expect(image.description).toEqual(expect.any(String));
      expect(image.platforms).toContain("linux/amd64");
      expect(image.tags).toContain("latest");
    }
  });

  it("drops the * wildcard, which is no tag", () => {
    expect(catalogImages([{ repository: "x/y", tags: ["*", "1.0"] }])).toEqual([{ repository: "x/y", tags: ["1.0"], description: null, platforms: [] }]);
  });
});

describe("searchCatalog", () => {
  it.each<[string, string[]]>([
    ["", BUILT_IN_IMAGES.map((i) => i.repository)],
    ["AGENT", ["mcr.microsoft.com/azureiotedge-agent"]],
    ["opc ua", ["mcr.microsoft.com/iotedge/opc-publisher"]],
    ["samples/", ["edgedeck/samples/local-historian", "edgedeck/samples/anomaly-filter", "edgedeck/samples/camera-capture", "edgedeck/samples/vision-inference"]],
    ["no-such-image", []],
  ])("%j", (q, expected) => {
    expect(searchCatalog(q).map((i) => i.repository)).toEqual(expected);
  });
});

describe("catalogHost and catalogImageRef", () => {
  it.each<[string, string]>([
    ["mcr.microsoft.com/azureiotedge-agent", "mcr.microsoft.com"],
    ["localhost:5000/x", "localhost:5000"],
    ["edgedeck/samples/camera-capture", ""],
    ["alpine", ""],
  ])("%s ⇒ %j", (repository, host) => {
    expect(catalogHost(repository)).toBe(host);
  });

  it("keeps the host inside the repository name", () => {
    expect(catalogImageRef("mcr.microsoft.com/azureiotedge-hub", "1.5")).toBe("mcr.microsoft.com/azureiotedge-hub:1.5");
  });
});
