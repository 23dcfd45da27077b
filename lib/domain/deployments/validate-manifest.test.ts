import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../twins";
import { validateManifest } from "./validate-manifest";
import { completeExampleManifest, layeredExampleContent } from "./test-fixtures";
import type { ManifestProblem, ModulesContent } from "./types";

type Edit = (mc: ModulesContent, agent: JsonObject, hub: JsonObject) => void;
const AGENT = "$edgeAgent.properties.desired";
const HUB = "$edgeHub.properties.desired";

const edited = (edit: Edit): ModulesContent => {
  const mc = completeExampleManifest().modulesContent;
  edit(mc, mc.$edgeAgent!["properties.desired"] as JsonObject, mc.$edgeHub!["properties.desired"] as JsonObject);
  return mc;
};
const obj = (value: JsonValue | undefined) => value as JsonObject;
const modules = (agent: JsonObject) => obj(agent.modules);
const edgeHubModule = (agent: JsonObject) => obj(obj(agent.systemModules).edgeHub);
const summary = (problems: ManifestProblem[]) => problems.map((p) => `${p.code} ${p.path}: ${p.message}`).join("\n");

describe("validateManifest: the reference examples", () => {
  it("accepts the §6.6 complete example with zero problems", () => {
    expect(validateManifest(completeExampleManifest().modulesContent)).toEqual([]);
  });
  it("accepts the §5.3 layered example with zero problems", () => {
    expect(validateManifest(layeredExampleContent())).toEqual([]);
  });
  it.each(["1.0", "1.0.0"])("accepts the §6.6 example as schemaVersion %s once 1.1-only fields are gone", (version) => {
    const mc = edited((_mc, agent, hub) => {
      agent.schemaVersion = version;
      delete obj(obj(agent.systemModules).edgeAgent).imagePullPolicy;
      delete edgeHubModule(agent).startupOrder;
      for (const m of Object.values(modules(agent))) {
        delete obj(m).startupOrder;
        delete obj(m).imagePullPolicy;
      }
      hub.schemaVersion = "1.0";
      hub.routes = Object.fromEntries(Object.entries(obj(hub.routes)).map(([k, v]) => [k, typeof v === "string" ? v : obj(v).route!]));
    });
    expect(summary(validateManifest(mc))).toBe("");
  });
});

describe("validateManifest: schema errors name the field", () => {
  it.each<[string, Edit, string, string, string]>([
    ["missing image", (_m, a) => delete obj(modules(a)["anomaly-filter"]).settings, "SchemaViolation", `${AGENT}.modules.anomaly-filter.settings`, "is required"],
    ["missing settings.image", (_m, a) => delete obj(obj(modules(a)["anomaly-filter"]).settings).image, "SchemaViolation", `${AGENT}.modules.anomaly-filter.settings.image`, "is required"],
    ["bad status", (_m, a) => (obj(modules(a)["anomaly-filter"]).status = "paused"), "SchemaViolation", `${AGENT}.modules.anomaly-filter.status`, "one of 'running', 'stopped'"],
    ["bad restartPolicy", (_m, a) => (obj(modules(a)["anomaly-filter"]).restartPolicy = "sometimes"), "SchemaViolation", `${AGENT}.modules.anomaly-filter.restartPolicy`, "'on-unhealthy'"],
    ["edgeHub stopped", (_m, a) => (edgeHubModule(a).status = "stopped"), "SchemaViolation", `${AGENT}.systemModules.edgeHub.status`, "must be 'running'"],
    ["edgeHub restartPolicy on-failure", (_m, a) => (edgeHubModule(a).restartPolicy = "on-failure"), "SchemaViolation", `${AGENT}.systemModules.edgeHub.restartPolicy`, "must be 'always'"],
    ["edgeHub without restartPolicy", (_m, a) => delete edgeHubModule(a).restartPolicy, "SchemaViolation", `${AGENT}.systemModules.edgeHub.restartPolicy`, "is required"],
    ["no systemModules.edgeAgent", (_m, a) => delete obj(a.systemModules).edgeAgent, "SchemaViolation", `${AGENT}.systemModules.edgeAgent`, "is required"],
    ["startupOrder negative", (_m, a) => (obj(modules(a)["anomaly-filter"]).startupOrder = -1), "SchemaViolation", `${AGENT}.modules.anomaly-filter.startupOrder`, "integer from 0 to 4294967295"],
    ["imagePullPolicy bad", (_m, a) => (obj(modules(a)["anomaly-filter"]).imagePullPolicy = "always"), "SchemaViolation", `${AGENT}.modules.anomaly-filter.imagePullPolicy`, "'on-create', 'never'"],
    ["1.1: unknown module field", (_m, a) => (obj(modules(a)["anomaly-filter"]).restart = "always"), "SchemaViolation", `${AGENT}.modules.anomaly-filter.restart`, "is not allowed here in schemaVersion 1.1"],
    ["1.1: settings.digest", (_m, a) => (obj(obj(modules(a)["anomaly-filter"]).settings).digest = "sha256:1"), "SchemaViolation", `${AGENT}.modules.anomaly-filter.settings.digest`, "allowed: image, createOptionsNN"],
    ["1.1: unknown top-level field", (_m, a) => (a.extra = 1), "SchemaViolation", `${AGENT}.extra`, "is not allowed"],
    ["1.1: registry credential name with a dot", (_m, a) => (obj(obj(obj(a.runtime).settings).registryCredentials)["plant.registry"] = { username: "u", password: "p", address: "r.example.com" }), "SchemaViolation", `${AGENT}.runtime.settings.registryCredentials.plant.registry`, "not a valid name"],
    ["1.1: registry credential name with a space", (_m, a) => (obj(obj(obj(a.runtime).settings).registryCredentials)["my reg"] = { username: "u", password: "p", address: "r.example.com" }), "SchemaViolation", `${AGENT}.runtime.settings.registryCredentials.my reg`, "not a valid name"],
    ["registry credential without password", (_m, a) => delete obj(obj(obj(obj(a.runtime).settings).registryCredentials).plantRegistry).password, "SchemaViolation", `${AGENT}.runtime.settings.registryCredentials.plantRegistry.password`, "is required"],
    ["registry address with whitespace", (_m, a) => (obj(obj(obj(obj(a.runtime).settings).registryCredentials).plantRegistry).address = "registry .example.com"), "SchemaViolation", `${AGENT}.runtime.settings.registryCredentials.plantRegistry.address`, "must match"],
    ["env name with a dot", (_m, a) => (obj(obj(modules(a)["opcua-collector"]).env)["A.B"] = { value: 1 }), "SchemaViolation", `${AGENT}.modules.opcua-collector.env.A.B`, "not a valid name"],
    ["env name with $", (_m, a) => (obj(obj(modules(a)["opcua-collector"]).env)["$X"] = { value: 1 }), "SchemaViolation", `${AGENT}.modules.opcua-collector.env.$X`, "not a valid name"],
    ["env value an object", (_m, a) => (obj(obj(modules(a)["opcua-collector"]).env).X = { value: { a: 1 } }), "SchemaViolation", `${AGENT}.modules.opcua-collector.env.X.value`, "a number or a string or a boolean"],
    ["env entry without value", (_m, a) => (obj(obj(modules(a)["opcua-collector"]).env).X = {}), "SchemaViolation", `${AGENT}.modules.opcua-collector.env.X.value`, "is required"],
    ["invalid module name", (_m, a) => (modules(a)["bad.name"] = obj(modules(a)["anomaly-filter"])), "SchemaViolation", `${AGENT}.modules.bad.name`, "^[a-zA-Z0-9_-]+$"],
    ["agent schemaVersion 1.2", (_m, a) => (a.schemaVersion = "1.2"), "UnsupportedSchemaVersion", `${AGENT}.schemaVersion`, "412"],
    ["agent schemaVersion 2.0", (_m, a) => (a.schemaVersion = "2.0"), "UnsupportedSchemaVersion", `${AGENT}.schemaVersion`, "1.0 or 1.1"],
    ["hub schemaVersion 2.0", (_m, _a, h) => (h.schemaVersion = "2.0"), "UnsupportedSchemaVersion", `${HUB}.schemaVersion`, "edgeHub"],
    ["hub 1.1 without storeAndForwardConfiguration", (_m, _a, h) => delete h.storeAndForwardConfiguration, "SchemaViolation", `${HUB}.storeAndForwardConfiguration`, "is required"],
    ["hub 1.1 without routes", (_m, _a, h) => delete h.routes, "SchemaViolation", `${HUB}.routes`, "is required"],
    ["hub 1.0 with a route object", (_m, _a, h) => (h.schemaVersion = "1.0"), "SchemaViolation", `${HUB}.routes.alertsUpstream`, "schemaVersion 1.0 routes are strings"],
    ["hub 1.1 with mqttBroker", (_m, _a, h) => (h.mqttBroker = {}), "SchemaViolation", `${HUB}.mqttBroker`, "needs schemaVersion 1.2"],
    ["hub 1.2 with integrity", (_m, _a, h) => ((h.schemaVersion = "1.2"), (h.integrity = {})), "SchemaViolation", `${HUB}.integrity`, "needs schemaVersion 1.3"],
    ["route priority 10", (_m, _a, h) => (obj(obj(h.routes).alertsUpstream).priority = 10), "SchemaViolation", `${HUB}.routes.alertsUpstream.priority`, "integer from 0 to 9"],
    ["route object with unknown field", (_m, _a, h) => (obj(obj(h.routes).alertsUpstream).ttl = 10), "SchemaViolation", `${HUB}.routes.alertsUpstream.ttl`, "is not allowed"],
    ["route a number", (_m, _a, h) => (obj(h.routes).n = 5), "SchemaViolation", `${HUB}.routes.n`, "a route string, or"],
    ["route name with $", (_m, _a, h) => (obj(h.routes)["$r"] = "FROM /* INTO $upstream"), "SchemaViolation", `${HUB}.routes.$r`, "not a valid name"],
    ["TTL not an integer", (_m, _a, h) => (obj(h.storeAndForwardConfiguration).timeToLiveSecs = "7200"), "SchemaViolation", `${HUB}.storeAndForwardConfiguration.timeToLiveSecs`, "an integer"],
    ["custom module desired not an object", (mc) => (mc["anomaly-filter"]!["properties.desired"] = 5), "SchemaViolation", "anomaly-filter.properties.desired", "must be an object"],
    ["unknown entry key", (mc) => (mc["anomaly-filter"]!["properties.reported"] = {}), "SchemaViolation", "anomaly-filter.properties.reported", "not allowed"],
    ["invalid twin name in modulesContent", (mc) => (mc["bad name"] = { "properties.desired": {} }), "InvalidModuleName", "bad name", "^[a-zA-Z0-9_-]+$"],
    ["no $edgeAgent", (mc) => delete mc.$edgeAgent, "MissingEdgeAgent", AGENT, "needs $edgeAgent"],
    ["no $edgeHub", (mc) => delete mc.$edgeHub, "MissingEdgeHub", HUB, "needs $edgeHub"],
  ])("%s", (_name, edit, code, path, message) => {
    const problems = validateManifest(edited(edit));
    const match = problems.find((p) => p.path === path && p.code === code);
    expect(match, summary(problems)).toBeDefined();
    expect(match!.message).toContain(message);
    expect(match!.severity).toBe("error");
  });

  it.each<[string, Edit, string]>([
    ["imagePullPolicy", (_m, a) => (obj(modules(a)["anomaly-filter"]).imagePullPolicy = "never"), "imagePullPolicy"],
    ["startupOrder", (_m, a) => (obj(modules(a)["anomaly-filter"]).startupOrder = 1), "startupOrder"],
  ])("schema 1.0 does not define %s, yet neither az nor edgeAgent rejects it: no error (lint warns)", (_name, edit, field) => {
    const mc = edited((m, a, h) => {
      a.schemaVersion = "1.0";
      edit(m, a, h);
    });
    expect(validateManifest(mc).filter((p) => p.path.endsWith(`.${field}`))).toEqual([]);
    // …while 1.1 accepts the same field and rejects any field it does not define.
    expect(validateManifest(edited(edit))).toEqual([]);
  });
});

describe("validateManifest: createOptions and routes", () => {
  it.each<[string, JsonObject, string, string]>([
    ["a gap", { createOptions: "{", createOptions02: "}" }, "createOptions02", "expected 'createOptions01'"],
    ["createOptions2 before createOptions10", Object.fromEntries([["createOptions", "{"], ...Array.from({ length: 10 }, (_, i) => [`createOptions${i + 1}`, " "]), ["createOptions11", "}"]]), "createOptions10", "carries 10"],
    ["invalid JSON", { createOptions: "{bad" }, "createOptions", "not valid JSON"],
  ])("chunk problem: %s", (_name, chunks, key, message) => {
    const mc = edited((_m, a) => (obj(modules(a)["anomaly-filter"]).settings = { image: "x:1", ...chunks }));
    const problems = validateManifest(mc).filter((p) => p.code === "CreateOptionsInvalid");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: `${AGENT}.modules.anomaly-filter.settings.${key}` });
    expect(problems[0]!.message).toContain(message);
  });

  it("reports route syntax errors with the route's path and offset", () => {
    const route = "FROM /messages/* WHERE a = 1 $upstream";
    const mc = edited((_m, _a, h) => ((obj(h.routes).broken = route), (obj(obj(h.routes).alertsUpstream).route = "FROM /x INTO nowhere")));
    const problems = validateManifest(mc).filter((p) => p.code === "RouteSyntax");
    expect(problems).toEqual([
      expect.objectContaining({ path: `${HUB}.routes.alertsUpstream`, offset: "FROM /x INTO ".length }),
      expect.objectContaining({ path: `${HUB}.routes.broken`, offset: route.indexOf("$upstream") }),
    ]);
  });
});

describe("validateManifest: layered deployments", () => {
  const layer = (entries: ModulesContent): ModulesContent => ({ ...layeredExampleContent(), ...entries });
  it.each<[string, ModulesContent, string, string]>([
    ["sets systemModules", layer({ $edgeAgent: { "properties.desired.systemModules.edgeHub.settings.image": "hub:2" } }), "LayeredSetsRuntime", "$edgeAgent.properties.desired.systemModules.edgeHub.settings.image"],
    ["sets runtime", layer({ $edgeAgent: { "properties.desired.runtime.settings.loggingOptions": "" } }), "LayeredSetsRuntime", "$edgeAgent.properties.desired.runtime.settings.loggingOptions"],
    ["sets the agent schemaVersion", layer({ $edgeAgent: { "properties.desired.schemaVersion": "1.1" } }), "LayeredSetsRuntime", "$edgeAgent.properties.desired.schemaVersion"],
    ["sets the hub schemaVersion", layer({ $edgeHub: { "properties.desired.schemaVersion": "1.1" } }), "LayeredSetsRuntime", "$edgeHub.properties.desired.schemaVersion"],
    ["replaces $edgeHub desired", layer({ $edgeHub: { "properties.desired": { schemaVersion: "1.1", routes: {} }, "properties.desired.routes.r": "FROM /* INTO $upstream" } }), "LayeredReplacesSystemModule", "$edgeHub.properties.desired"],
    ["an invalid module definition", layer({ $edgeAgent: { "properties.desired.modules.h": { type: "docker", status: "up", restartPolicy: "always", settings: { image: "h" } } } }), "SchemaViolation", "$edgeAgent.properties.desired.modules.h.status"],
    ["an invalid module name", layer({ $edgeAgent: { "properties.desired.modules.h@1": {} } }), "InvalidModuleName", "$edgeAgent.properties.desired.modules.h@1"],
    ["a settings object without image", layer({ $edgeAgent: { "properties.desired.modules.h.settings": { createOptions: "{}" } } }), "SchemaViolation", "$edgeAgent.properties.desired.modules.h.settings.image"],
    ["a broken route", layer({ $edgeHub: { "properties.desired.routes.r": "FROM /messages INTO" } }), "RouteSyntax", "$edgeHub.properties.desired.routes.r"],
    ["a route name with a space", layer({ $edgeHub: { "properties.desired.routes.my route": "FROM /messages INTO $upstream" } }), "SchemaViolation", "$edgeHub.properties.desired.routes.my route"],
    ["bad chunking in a module", layer({ $edgeAgent: { "properties.desired.modules.h": { type: "docker", status: "running", restartPolicy: "always", settings: { image: "h", createOptions01: "{}" } } } }), "CreateOptionsInvalid", "$edgeAgent.properties.desired.modules.h.settings.createOptions01"],
  ])("%s", (_name, mc, code, path) => {
    const problems = validateManifest(mc);
    expect(problems.find((p) => p.code === code && p.path === path), summary(problems)).toBeDefined();
  });

  it("accepts nested dotted writes into a module and a custom module twin", () => {
    const mc = layer({
      $edgeAgent: { "properties.desired.modules.anomaly-filter.settings.image": "registry.example.com/anomaly-filter:1.5.0", "properties.desired.modules.anomaly-filter.env": { LEVEL: { value: "debug" } } },
      "anomaly-filter": { "properties.desired.threshold.zScore": 4 },
    });
    expect(summary(validateManifest(mc))).toBe("");
  });
});
