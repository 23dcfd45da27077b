import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../twins";
import { lintDeployment, type LintContext } from "./lint";
import { completeExampleManifest, layeredExampleContent } from "./test-fixtures";
import type { ManifestProblem, ModulesContent } from "./types";

type Edit = (mc: ModulesContent, agent: JsonObject, hub: JsonObject) => void;
const AGENT = "$edgeAgent.properties.desired";
const HUB = "$edgeHub.properties.desired";
const obj = (value: JsonValue | undefined) => value as JsonObject;
const mod = (agent: JsonObject, name: string) => obj(obj(agent.modules)[name]);
const edited = (edit: Edit): ModulesContent => {
  const mc = completeExampleManifest().modulesContent;
  edit(mc, obj(mc.$edgeAgent!["properties.desired"]), obj(mc.$edgeHub!["properties.desired"]));
  return mc;
};
const summary = (problems: ManifestProblem[]) => problems.map((p) => `${p.severity} ${p.code} ${p.path}: ${p.message}`).join("\n");

describe("lintDeployment", () => {
  it("finds nothing to say about the §6.6 and §5.3 examples", () => {
    expect(lintDeployment(completeExampleManifest().modulesContent)).toEqual([]);
    expect(lintDeployment(layeredExampleContent())).toEqual([]);
  });

  it.each<[string, Edit, "error" | "warning", string, string, string, LintContext?]>([
    ["route from a module not deployed", (_m, _a, h) => (obj(h.routes).x = "FROM /messages/modules/ghost/outputs/o INTO $upstream"), "warning", "RouteUnknownModule", `${HUB}.routes.x`, "source module 'ghost'"],
    ["route into a module not deployed", (_m, _a, h) => (obj(h.routes).x = 'FROM /messages/* INTO BrokeredEndpoint("/modules/ghost/inputs/i")'), "warning", "RouteUnknownModule", `${HUB}.routes.x`, "BrokeredEndpoint module 'ghost'"],
    ["route into a module named in another case", (_m, _a, h) => (obj(h.routes).x = 'FROM /messages/* INTO BrokeredEndpoint("/modules/Anomaly-Filter/inputs/i")'), "warning", "RouteUnknownModule", `${HUB}.routes.x`, "'Anomaly-Filter'"],
    ["suspicious route (TRUE)", (_m, _a, h) => (obj(h.routes).x = "FROM /messages/* WHERE a = TRUE INTO $upstream"), "warning", "RouteSuspicious", `${HUB}.routes.x`, "lower-case only"],
    ["private image without credentials", (_m, a) => (obj(mod(a, "anomaly-filter").settings).image = "other.example.com/f:1"), "warning", "MissingRegistryCredentials", `${AGENT}.modules.anomaly-filter.settings.image`, "'other.example.com'"],
    ["credentials removed", (_m, a) => delete obj(obj(a.runtime).settings).registryCredentials, "warning", "MissingRegistryCredentials", `${AGENT}.modules.opcua-collector.settings.image`, "registry.example.com"],
    ["docker.io treated private by context", () => undefined, "warning", "MissingRegistryCredentials", `${AGENT}.modules.local-historian.settings.image`, "'docker.io'", { publicRegistryHosts: ["mcr.microsoft.com"] }],
    ["image without tag", (_m, a) => (obj(mod(a, "local-historian").settings).image = "historian"), "warning", "ImageWithoutTag", `${AGENT}.modules.local-historian.settings.image`, ":latest"],
    ["startupOrder in 1.0", (_m, a) => (a.schemaVersion = "1.0"), "warning", "UnsupportedInSchemaVersion", `${AGENT}.modules.anomaly-filter.startupOrder`, "needs $edgeAgent schemaVersion 1.1"],
    ["imagePullPolicy in 1.0", (_m, a) => (a.schemaVersion = "1.0"), "warning", "UnsupportedInSchemaVersion", `${AGENT}.systemModules.edgeAgent.imagePullPolicy`, "needs $edgeAgent schemaVersion 1.1"],
    ["route objects in $edgeHub 1.0", (_m, _a, h) => (h.schemaVersion = "1.0"), "error", "UnsupportedInSchemaVersion", `${HUB}.routes.alertsUpstream`, "1.0 routes are strings"],
    ["module names differing by case", (_m, a) => (obj(a.modules)["Anomaly-Filter"] = mod(a, "anomaly-filter")), "warning", "DuplicateName", `${AGENT}.modules.Anomaly-Filter`, "only by case"],
    ["route names differing by case", (_m, _a, h) => (obj(h.routes).AlertsUpstream = "FROM /messages/* INTO $upstream"), "warning", "DuplicateName", `${HUB}.routes.AlertsUpstream`, "only by case"],
    ["custom module named edgeHub", (_m, a) => (obj(a.modules).edgeHub = mod(a, "anomaly-filter")), "error", "ReservedModuleName", `${AGENT}.modules.edgeHub`, "system module"],
    ["twin for a module not deployed", (mc) => (mc.ghost = { "properties.desired": { a: 1 } }), "warning", "TwinForUnknownModule", "ghost", "not in $edgeAgent modules"],
    ["no storeAndForwardConfiguration", (_m, _a, h) => delete h.storeAndForwardConfiguration, "warning", "MissingStoreAndForward", `${HUB}.storeAndForwardConfiguration`, "7200"],
    ["on-unhealthy", (_m, a) => (mod(a, "anomaly-filter").restartPolicy = "on-unhealthy"), "warning", "RestartPolicyOnUnhealthy", `${AGENT}.modules.anomaly-filter.restartPolicy`, "like on-failure"],
    ["a chunk over 512", (_m, a) => (obj(mod(a, "anomaly-filter").settings).createOptions = `{"Labels":{"a":"${"x".repeat(600)}"}}`), "warning", "CreateOptionsChunkTooLong", `${AGENT}.modules.anomaly-filter.settings.createOptions`, "split into createOptions01"],
    ["options over the portal's 4096", (_m, a) => (obj(mod(a, "anomaly-filter").settings).createOptions = `{"Labels":{"a":"${"x".repeat(4100)}"}}`), "warning", "CreateOptionsLong", `${AGENT}.modules.anomaly-filter.settings.createOptions`, "at most 4096"],
    ["single-digit chunk suffix", (_m, a) => Object.assign(obj(mod(a, "anomaly-filter").settings), { createOptions: "{", createOptions1: "}" }), "warning", "CreateOptionsSuffix", `${AGENT}.modules.anomaly-filter.settings.createOptions1`, "two-digit"],
  ])("%s", (_name, edit, severity, code, path, message, ctx) => {
    const problems = lintDeployment(edited(edit), ctx);
    const match = problems.find((p) => p.code === code && p.path === path);
    expect(match, summary(problems)).toBeDefined();
    expect(match!.severity).toBe(severity);
    expect(match!.message).toContain(message);
  });

  it("does not ask for credentials for public or $upstream images", () => {
    const mc = edited((_m, a) => {
      delete obj(obj(a.runtime).settings).registryCredentials;
      for (const name of ["opcua-collector", "anomaly-filter"]) obj(mod(a, name).settings).image = name === "anomaly-filter" ? "$upstream:443/anomaly-filter:1" : "mcr.microsoft.com/x:1";
    });
    expect(lintDeployment(mc).filter((p) => p.code === "MissingRegistryCredentials")).toEqual([]);
  });

  it("gives the offset of a suspicious route token", () => {
    const route = "FROM /messages/* WHERE a = TRUE INTO $upstream";
    const problems = lintDeployment(edited((_m, _a, h) => (obj(h.routes).x = route)));
    expect(problems.find((p) => p.code === "RouteSuspicious")?.offset).toBe(route.indexOf("TRUE"));
  });
});

describe("lintDeployment: layered", () => {
  it.each<[string, ModulesContent, string, string]>([
    ["replaces all modules", { $edgeAgent: { "properties.desired.modules": {} } }, "LayerReplacesAll", "$edgeAgent.properties.desired.modules"],
    ["replaces all routes", { $edgeHub: { "properties.desired.routes": {} } }, "LayerReplacesAll", "$edgeHub.properties.desired.routes"],
    ["replaces a module twin", { ...layeredExampleContent(), "local-historian": { "properties.desired": { a: 1 } } }, "LayerReplacesModuleTwin", "local-historian.properties.desired"],
    ["suspicious route", { $edgeHub: { "properties.desired.routes.r": "FROM /messages/* WHERE x = FALSE INTO $upstream" } }, "RouteSuspicious", "$edgeHub.properties.desired.routes.r"],
    ["module image without tag", { $edgeAgent: { "properties.desired.modules.h": { type: "docker", status: "running", restartPolicy: "always", settings: { image: "h" } } } }, "ImageWithoutTag", "$edgeAgent.properties.desired.modules.h.settings.image"],
    ["module on-unhealthy", { $edgeAgent: { "properties.desired.modules.h": { type: "docker", status: "running", restartPolicy: "on-unhealthy", settings: { image: "h:1" } } } }, "RestartPolicyOnUnhealthy", "$edgeAgent.properties.desired.modules.h.restartPolicy"],
  ])("%s", (_name, mc, code, path) => {
    const problems = lintDeployment(mc);
    expect(problems.find((p) => p.code === code && p.path === path && p.severity === "warning"), summary(problems)).toBeDefined();
  });

  it("does not flag modules or registries a layer takes from its base", () => {
    const mc: ModulesContent = {
      $edgeAgent: { "properties.desired.modules.h": { type: "docker", status: "running", restartPolicy: "always", settings: { image: "private.example.com/h:1" } } },
      $edgeHub: { "properties.desired.routes.r": 'FROM /messages/modules/base-module/* INTO BrokeredEndpoint("/modules/h/inputs/i")' },
    };
    expect(lintDeployment(mc)).toEqual([]);
  });
});
