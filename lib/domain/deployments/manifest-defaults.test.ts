import { describe, expect, it } from "vitest";
import type { JsonObject } from "../twins";
import { applyManifestDefaults } from "./manifest-defaults";
import { completeExampleManifest, layeredExampleContent } from "./test-fixtures";
import type { ModulesContent } from "./types";

const hubOf = (mc: ModulesContent) => mc.$edgeHub!["properties.desired"] as JsonObject;

describe("applyManifestDefaults", () => {
  it.each<[string, JsonObject, JsonObject, string[]]>([
    ["nothing missing", { schemaVersion: "1.1", routes: {}, storeAndForwardConfiguration: { timeToLiveSecs: 60 } }, { schemaVersion: "1.1", routes: {}, storeAndForwardConfiguration: { timeToLiveSecs: 60 } }, []],
    ["no storeAndForwardConfiguration", { schemaVersion: "1.1", routes: {} }, { schemaVersion: "1.1", routes: {}, storeAndForwardConfiguration: { timeToLiveSecs: 7200 } }, ["$edgeHub.properties.desired.storeAndForwardConfiguration.timeToLiveSecs = 7200"]],
    ["storeLimits without TTL", { schemaVersion: "1.1", routes: {}, storeAndForwardConfiguration: { storeLimits: { maxSizeBytes: 10 } } }, { schemaVersion: "1.1", routes: {}, storeAndForwardConfiguration: { storeLimits: { maxSizeBytes: 10 }, timeToLiveSecs: 7200 } }, ["$edgeHub.properties.desired.storeAndForwardConfiguration.timeToLiveSecs = 7200"]],
    ["negative TTL is kept (never expire)", { schemaVersion: "1.1", routes: {}, storeAndForwardConfiguration: { timeToLiveSecs: -1 } }, { schemaVersion: "1.1", routes: {}, storeAndForwardConfiguration: { timeToLiveSecs: -1 } }, []],
    ["no routes", { schemaVersion: "1.1", storeAndForwardConfiguration: { timeToLiveSecs: 60 } }, { schemaVersion: "1.1", routes: {}, storeAndForwardConfiguration: { timeToLiveSecs: 60 } }, ["$edgeHub.properties.desired.routes = {}"]],
  ])("%s", (_name, hub, expected, applied) => {
    const mc: ModulesContent = { ...completeExampleManifest().modulesContent, $edgeHub: { "properties.desired": hub } };
    const before = structuredClone(mc);
    const result = applyManifestDefaults(mc);
    expect(hubOf(result.modulesContent)).toEqual(expected);
    expect(result.applied).toEqual(applied);
    expect(mc).toEqual(before);
  });

  it("leaves layered deployments and manifests without $edgeHub alone", () => {
    const layered = layeredExampleContent();
    expect(applyManifestDefaults(layered)).toEqual({ modulesContent: layered, applied: [] });
    expect(applyManifestDefaults({})).toEqual({ modulesContent: {}, applied: [] });
  });
});
