import { describe, expect, it } from "vitest";
import type { JsonObject } from "../twins";
import { parseAgentDesired } from "../edge-runtime/agent-desired";
import { mergeDeployments } from "./merge";
import { completeExampleManifest, layeredExampleContent } from "./test-fixtures";
import type { DeploymentForMerge, ModulesContent } from "./types";

const moduleDef = (image: string) => ({ version: "1.0", type: "docker", status: "running", restartPolicy: "always", settings: { image, createOptions: "{}" } });

const baseContent = (modules: Record<string, string> = { a: "a:1" }, extra: ModulesContent = {}): ModulesContent => ({
  $edgeAgent: {
    "properties.desired": {
      schemaVersion: "1.1",
      runtime: { type: "docker", settings: {} },
      systemModules: {
        edgeAgent: { type: "docker", settings: { image: "mcr.microsoft.com/azureiotedge-agent:1.5" } },
        edgeHub: { type: "docker", status: "running", restartPolicy: "always", settings: { image: "mcr.microsoft.com/azureiotedge-hub:1.5" } },
      },
      modules: Object.fromEntries(Object.entries(modules).map(([name, image]) => [name, moduleDef(image)])),
    },
  },
  $edgeHub: { "properties.desired": { schemaVersion: "1.1", routes: { up: "FROM /messages/* INTO $upstream" }, storeAndForwardConfiguration: { timeToLiveSecs: 7200 } } },
  ...extra,
});

const dep = (id: string, priority: number, createdTimeUtc: string, modulesContent: ModulesContent): DeploymentForMerge => ({ id, priority, createdTimeUtc, modulesContent });
const agentModules = (desired: Record<string, JsonObject>) => (desired.$edgeAgent?.modules ?? {}) as Record<string, JsonObject>;
const imageOf = (desired: Record<string, JsonObject>, m: string) => (agentModules(desired)[m]?.settings as JsonObject | undefined)?.image;

describe("mergeDeployments: choosing the base", () => {
  it.each([
    ["higher priority wins", [["b1", 5, "2026-01-01T00:00:00Z"], ["b2", 10, "2025-01-01T00:00:00Z"]], "b2"],
    ["equal priority: newest createdTimeUtc wins", [["b1", 5, "2026-01-02T00:00:00Z"], ["b2", 5, "2026-01-01T00:00:00Z"]], "b1"],
    ["equal priority, input order irrelevant", [["b2", 5, "2026-01-01T00:00:00Z"], ["b1", 5, "2026-01-02T00:00:00Z"]], "b1"],
    ["negative priorities still compare", [["b1", -3, "2026-01-01T00:00:00Z"], ["b2", -1, "2020-01-01T00:00:00Z"]], "b2"],
    ["unparseable timestamp loses the tie", [["b1", 5, "not a date"], ["b2", 5, "2020-01-01T00:00:00Z"]], "b2"],
  ] as const)("%s", (_name, specs, winner) => {
    const result = mergeDeployments(specs.map(([id, p, t]) => dep(id, p, t, baseContent({ [id]: `${id}:1` }))));
    expect(result.base).toBe(winner);
    for (const [id] of specs) expect(result.statusById[id]).toBe(id === winner ? "Applied" : "Targeted");
    // Losing bases are not merged: only the winner's module is there.
    expect(Object.keys(agentModules(result.desiredByModule))).toEqual([winner]);
  });

  it("applies nothing when no base matches, even with layers", () => {
    const layer = dep("l1", 50, "2026-01-01T00:00:00Z", { $edgeAgent: { "properties.desired.modules.x": moduleDef("x:1") } });
    expect(mergeDeployments([layer])).toEqual({ base: null, statusById: { l1: "Targeted" }, desiredByModule: {}, provenance: {} });
    expect(mergeDeployments([])).toEqual({ base: null, statusById: {}, desiredByModule: {}, provenance: {} });
  });
});

describe("mergeDeployments: layers", () => {
  const base = dep("base", 10, "2026-01-01T00:00:00Z", baseContent({ a: "a:1" }));
  const layerX = (id: string, priority: number, image: string, created = "2026-02-01T00:00:00Z") =>
    dep(id, priority, created, { $edgeAgent: { "properties.desired.modules.x": moduleDef(image) } });

  it.each([
    ["priority above base", 11, "Applied", "x:1"],
    ["priority equal to base", 10, "Targeted", undefined],
    ["priority below base", 3, "Targeted", undefined],
  ] as const)("layer with %s is %s", (_name, priority, status, image) => {
    const result = mergeDeployments([base, layerX("l", priority, "x:1")]);
    expect(result.statusById).toEqual({ base: "Applied", l: status });
    expect(imageOf(result.desiredByModule, "x")).toBe(image);
    expect(imageOf(result.desiredByModule, "a")).toBe("a:1");
  });

  it.each([
    ["higher priority layer wins", [["l1", 30, "x:30", "2026-01-01T00:00:00Z"], ["l2", 20, "x:20", "2026-03-01T00:00:00Z"]], "x:30", "l1"],
    ["equal priority: newest layer wins", [["l1", 20, "x:old", "2026-01-01T00:00:00Z"], ["l2", 20, "x:new", "2026-03-01T00:00:00Z"]], "x:new", "l2"],
    ["equal priority, reversed input", [["l2", 20, "x:new", "2026-03-01T00:00:00Z"], ["l1", 20, "x:old", "2026-01-01T00:00:00Z"]], "x:new", "l2"],
  ] as const)("%s", (_name, specs, image, owner) => {
    const result = mergeDeployments([base, ...specs.map(([id, p, img, t]) => layerX(id, p, img, t))]);
    expect(imageOf(result.desiredByModule, "x")).toBe(image);
    expect(result.provenance["$edgeAgent/modules/x"]).toBe(owner);
    expect((agentModules(result.desiredByModule).x!.configuration as JsonObject).id).toBe(owner);
    expect(Object.values(result.statusById).every((s) => s === "Applied")).toBe(true);
  });

  it.each([
    ["replaces one nested value", { "properties.desired.modules.a.settings.image": "a:2" }, (d: JsonObject) => (d.modules as JsonObject).a, { ...moduleDef("a:2"), configuration: { id: "layer" } }],
    ["creates missing intermediate objects", { "properties.desired.modules.a.env.LEVEL": { value: "debug" } }, (d: JsonObject) => ((d.modules as JsonObject).a as JsonObject).env, { LEVEL: { value: "debug" } }],
    ["replaces a whole object rather than merging into it", { "properties.desired.modules.a.settings": { image: "a:3" } }, (d: JsonObject) => ((d.modules as JsonObject).a as JsonObject).settings, { image: "a:3" }],
    ["null removes the property", { "properties.desired.modules.a.settings.createOptions": null }, (d: JsonObject) => ((d.modules as JsonObject).a as JsonObject).settings, { image: "a:1" }],
    ["replaces a scalar that stood in the way", { "properties.desired.modules.a.version.major": 2 }, (d: JsonObject) => ((d.modules as JsonObject).a as JsonObject).version, { major: 2 }],
  ])("dotted key %s", (_name, entry, pick, expected) => {
    const result = mergeDeployments([base, dep("layer", 20, "2026-02-01T00:00:00Z", { $edgeAgent: entry })]);
    expect(pick(result.desiredByModule.$edgeAgent!)).toEqual(expected);
  });

  it("dotted keys in $edgeHub add routes next to the base's", () => {
    const layer = dep("layer", 20, "2026-02-01T00:00:00Z", { $edgeHub: { "properties.desired.routes.extra": "FROM /messages/modules/x/* INTO $upstream" } });
    const result = mergeDeployments([base, layer]);
    expect(Object.keys(result.desiredByModule.$edgeHub!.routes as JsonObject)).toEqual(["up", "extra"]);
    expect(result.provenance).toMatchObject({ "$edgeHub/routes/up": "base", "$edgeHub/routes/extra": "layer", "$edgeHub/storeAndForwardConfiguration": "base" });
  });

  it("a plain properties.desired in a layer replaces the module's whole desired section", () => {
    const withTwin = dep("base", 10, "2026-01-01T00:00:00Z", baseContent({ a: "a:1" }, { a: { "properties.desired": { keep: 1, threshold: 5 } } }));
    const layer = dep("layer", 20, "2026-02-01T00:00:00Z", { a: { "properties.desired": { threshold: 9 } }, $edgeHub: { "properties.desired.routes.r": "FROM /* INTO $upstream" } });
    const result = mergeDeployments([withTwin, layer]);
    expect(result.desiredByModule.a).toEqual({ threshold: 9 });
    expect(result.provenance["a/threshold"]).toBe("layer");
    expect(result.provenance["a/keep"]).toBeUndefined();
  });

  it("a layer's module twin dotted keys refine the base's section, keeping its other keys", () => {
    const withTwin = dep("base", 10, "2026-01-01T00:00:00Z", baseContent({ a: "a:1" }, { a: { "properties.desired": { keep: 1, limits: { hi: 5, lo: 1 } } } }));
    const layer = dep("layer", 20, "2026-02-01T00:00:00Z", { a: { "properties.desired.limits.hi": 9 } });
    const result = mergeDeployments([withTwin, layer]);
    expect(result.desiredByModule.a).toEqual({ keep: 1, limits: { hi: 9, lo: 1 } });
    expect(result.provenance).toMatchObject({ "a/keep": "base", "a/limits": "base", "a/limits/hi": "layer" });
  });

  it("modules of a layer that stops matching are not left behind", () => {
    const layer = layerX("layer", 20, "x:1");
    const withLayer = mergeDeployments([base, layer]);
    expect(Object.keys(agentModules(withLayer.desiredByModule))).toEqual(["a", "x"]);
    // Same input objects again without the layer: nothing from the earlier merge may stick.
    const without = mergeDeployments([base]);
    expect(Object.keys(agentModules(without.desiredByModule))).toEqual(["a"]);
    expect(without.provenance["$edgeAgent/modules/x"]).toBeUndefined();
  });

  it("does not mutate its inputs and returns no shared objects", () => {
    const input = [base, layerX("layer", 20, "x:1")];
    const before = structuredClone(input);
    const result = mergeDeployments(input);
    expect(input).toEqual(before);
    (agentModules(result.desiredByModule).a!.settings as JsonObject).image = "mutated";
    expect(imageOf(mergeDeployments(input).desiredByModule, "a")).toBe("a:1");
  });

  it("keeps names such as __proto__ as plain keys", () => {
    const content = baseContent({ a: "a:1" }, { __proto__x: {} });
    const tricky = dep("__proto__", 10, "2026-01-01T00:00:00Z", { ...content });
    Object.defineProperty(tricky.modulesContent, "__proto__", { value: { "properties.desired": { polluted: true } }, enumerable: true });
    const result = mergeDeployments([tricky]);
    expect(Object.hasOwn(result.statusById, "__proto__")).toBe(true);
    expect(Object.hasOwn(result.desiredByModule, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("mergeDeployments: the reference examples", () => {
  it("stacks the §5.3 layer on the §6.6 base", () => {
    const base = dep("prod-base", 10, "2026-01-01T00:00:00Z", completeExampleManifest().modulesContent);
    const layer = dep("layer-historian-v2", 20, "2026-02-01T00:00:00Z", layeredExampleContent());
    const result = mergeDeployments([layer, base]);
    expect(result.base).toBe("prod-base");
    expect(result.statusById).toEqual({ "prod-base": "Applied", "layer-historian-v2": "Applied" });
    const desired = result.desiredByModule;
    expect(imageOf(desired, "local-historian")).toBe("registry.example.com/historian:2.0.4");
    // The layer's module definition replaces the base's, so the base's startupOrder is gone.
    expect(agentModules(desired)["local-historian"]!.startupOrder).toBeUndefined();
    expect(desired["local-historian"]).toEqual({ retention: { days: 30 }, bucket: "line3" });
    expect(Object.keys(desired.$edgeHub!.routes as JsonObject)).toContain("filterToHistorian");
    expect(result.provenance).toMatchObject({
      "$edgeAgent/runtime": "prod-base",
      "$edgeAgent/systemModules/edgeHub": "prod-base",
      "$edgeAgent/modules/local-historian": "layer-historian-v2",
      "$edgeAgent/modules/opcua-collector": "prod-base",
      "$edgeHub/routes/filterToHistorian": "layer-historian-v2",
      "$edgeHub/routes/collectorToFilter": "prod-base",
      "local-historian/retention": "layer-historian-v2",
      "local-historian/bucket": "prod-base",
      "anomaly-filter/threshold": "prod-base",
    });
    const system = desired.$edgeAgent!.systemModules as Record<string, JsonObject>;
    expect(system.edgeAgent!.configuration).toEqual({ id: "prod-base" });
    expect(system.edgeHub!.configuration).toEqual({ id: "prod-base" });
    expect(agentModules(desired)["opcua-collector"]!.configuration).toEqual({ id: "prod-base" });
  });

  it("produces an $edgeAgent document the simulated edgeAgent accepts", () => {
    const base = dep("prod-base", 10, "2026-01-01T00:00:00Z", completeExampleManifest().modulesContent);
    const layer = dep("layer-historian-v2", 20, "2026-02-01T00:00:00Z", layeredExampleContent());
    const outcome = parseAgentDesired(mergeDeployments([base, layer]).desiredByModule.$edgeAgent!);
    expect(outcome.ok && outcome.config.modules.map((m) => m.name)).toEqual(["opcua-collector", "anomaly-filter", "local-historian"]);
  });
});
