import type { JsonObject, JsonValue } from "@/lib/domain/twins";
import { chunkCreateOptions } from "./deployment-domain";
import type { ConfigurationInput, ModulesContent } from "./deployment-types";

/**
 * The composer's editable form of a deployment and its two mappings: to the configuration the API
 * takes (`toConfiguration`) and back from a stored or imported `modulesContent` (`fromModulesContent`,
 * for "Edit a copy" and "Import manifest"). Validation is not done here: the review step asks the
 * server (POST /api/configurations/validate), which applies lib/domain/deployments.
 */
export type EnvVar = { name: string; value: string };
export type ModuleDraft = {
  name: string;
  image: string;
  /** The manifest digest the image was resolved to (pinned when the image is `repo@digest`). */
  digest: string;
  version: string;
  status: "running" | "stopped";
  restartPolicy: "always" | "on-failure" | "on-unhealthy" | "never";
  startupOrder: string;
  imagePullPolicy: "" | "on-create" | "never";
  env: EnvVar[];
  /** Container create options as the operator types them (one JSON document, unchunked). */
  createOptions: string;
  /** The module twin's desired properties, JSON text ("" = leave the module twin alone). */
  desired: string;
  /** The entry this module was read from (copy, import): fields the form does not show are kept. */
  origin?: JsonObject;
};
export type RegistryCredential = { name: string; address: string; username: string; password: string };
export type RouteDraft = { name: string; route: string; priority: string; ttl: string };
export type Pair = { key: string; value: string };

export type ComposerDraft = {
  id: string;
  layered: boolean;
  agentImage: string;
  hubImage: string;
  minDockerVersion: string;
  loggingOptions: string;
  registryCredentials: RegistryCredential[];
  modules: ModuleDraft[];
  routes: RouteDraft[];
  storeTtl: string;
  targetCondition: string;
  priority: string;
  labels: Pair[];
  metrics: Pair[];
  /** The content this draft was read from (copy, import): parts the composer does not model are kept. */
  source?: ModulesContent;
};

export const emptyModule = (name: string, image = ""): ModuleDraft => ({
  name,
  image,
  digest: "",
  version: "1.0",
  status: "running",
  restartPolicy: "always",
  startupOrder: "",
  imagePullPolicy: "",
  env: [],
  createOptions: "",
  desired: "",
});

export const emptyDraft = (): ComposerDraft => ({
  id: "",
  layered: false,
  agentImage: "mcr.microsoft.com/azureiotedge-agent:1.5",
  hubImage: "mcr.microsoft.com/azureiotedge-hub:1.5",
  minDockerVersion: "v1.25",
  loggingOptions: "",
  registryCredentials: [],
  modules: [],
  routes: [{ name: "upstream", route: "FROM /messages/* INTO $upstream", priority: "", ttl: "" }],
  storeTtl: "7200",
  targetCondition: "*",
  priority: "10",
  labels: [],
  metrics: [],
});

const parseJson = (text: string): JsonValue | undefined => {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
};
const pairsToObject = (pairs: Pair[]) => Object.fromEntries(pairs.filter((p) => p.key.trim()).map((p) => [p.key.trim(), p.value]));
const toNumber = (text: string): number | undefined => (text.trim() === "" || !Number.isFinite(Number(text)) ? undefined : Number(text));

const OWNED_KEYS = ["version", "type", "status", "restartPolicy", "settings", "startupOrder", "imagePullPolicy", "env"];

/**
 * One module's `$edgeAgent` entry; createOptions are minified and chunked (512 chars, §6.2). Keys of
 * the original entry the form does not own (and unchanged typed env values) are carried over.
 */
export function moduleEntry(m: ModuleDraft): JsonObject {
  const origin = m.origin ?? {};
  const originSettings = Object.fromEntries(Object.entries(obj(origin.settings)).filter(([k]) => k !== "image" && !/^createOptions\d*$/i.test(k)));
  const originEnv = obj(origin.env);
  const settings: JsonObject = { image: m.image, ...originSettings };
  const options = m.createOptions.trim();
  if (options) {
    const parsed = parseJson(options);
    Object.assign(settings, chunkCreateOptions(parsed === undefined ? options : JSON.stringify(parsed)));
  }
  const kept = Object.fromEntries(Object.entries(origin).filter(([k]) => !OWNED_KEYS.includes(k)));
  const entry: JsonObject = { version: m.version, type: "docker", status: m.status, restartPolicy: m.restartPolicy, ...kept, settings };
  const order = toNumber(m.startupOrder);
  if (order !== undefined) entry.startupOrder = order;
  if (m.imagePullPolicy) entry.imagePullPolicy = m.imagePullPolicy;
  const env = m.env.filter((e) => e.name.trim());
  const envValue = (e: EnvVar): JsonValue => {
    const before = obj(originEnv[e.name.trim()]).value;
    return before !== undefined && before !== null && String(before) === e.value ? before : e.value;
  };
  if (env.length) entry.env = Object.fromEntries(env.map((e) => [e.name.trim(), { value: envValue(e) }]));
  return entry;
}

function routeEntry(r: RouteDraft): JsonValue {
  const priority = toNumber(r.priority);
  const ttl = toNumber(r.ttl);
  if (priority === undefined && ttl === undefined) return r.route;
  return { route: r.route, ...(priority === undefined ? {} : { priority }), ...(ttl === undefined ? {} : { timeToLiveSecs: ttl }) };
}

const DEFAULT_HUB_OPTIONS = JSON.stringify({ HostConfig: { PortBindings: { "5671/tcp": [{ HostPort: "5671" }], "8883/tcp": [{ HostPort: "8883" }], "443/tcp": [{ HostPort: "443" }] } } });

/** A base deployment's `$edgeAgent` desired: the source's (if any) with the composer's fields written over it. */
function baseAgentDesired(d: ComposerDraft, modules: JsonObject): JsonObject {
  const source = obj(obj(d.source?.$edgeAgent)["properties.desired"]);
  const runtime = obj(source.runtime);
  const credentials = Object.fromEntries(d.registryCredentials.filter((c) => c.name.trim()).map((c) => [c.name.trim(), { address: c.address, username: c.username, password: c.password }]));
  const runtimeSettings: JsonObject = { ...obj(runtime.settings), minDockerVersion: d.minDockerVersion };
  delete runtimeSettings.loggingOptions;
  delete runtimeSettings.registryCredentials;
  if (d.loggingOptions.trim()) runtimeSettings.loggingOptions = d.loggingOptions;
  if (Object.keys(credentials).length) runtimeSettings.registryCredentials = credentials;
  const system = obj(source.systemModules);
  const agent = obj(system.edgeAgent);
  const hub = obj(system.edgeHub);
  return {
    schemaVersion: "1.1",
    ...source,
    runtime: { type: "docker", ...runtime, settings: runtimeSettings },
    systemModules: {
      ...system,
      edgeAgent: { type: "docker", ...agent, settings: { createOptions: "{}", ...obj(agent.settings), image: d.agentImage } },
      edgeHub: { type: "docker", status: "running", restartPolicy: "always", ...hub, settings: { createOptions: DEFAULT_HUB_OPTIONS, ...obj(hub.settings), image: d.hubImage } },
    },
    modules,
  };
}

export function toModulesContent(d: ComposerDraft): ModulesContent {
  const modules = Object.fromEntries(d.modules.map((m) => [m.name, moduleEntry(m)]));
  const routes = Object.fromEntries(d.routes.filter((r) => r.name.trim()).map((r) => [r.name.trim(), routeEntry(r)]));
  const content: ModulesContent = {};
  if (d.layered) {
    content.$edgeAgent = Object.fromEntries(Object.entries(modules).map(([name, entry]) => [`properties.desired.modules.${name}`, entry]));
    content.$edgeHub = Object.fromEntries(Object.entries(routes).map(([name, route]) => [`properties.desired.routes.${name}`, route]));
  } else {
    content.$edgeAgent = { "properties.desired": baseAgentDesired(d, modules) };
    const sourceHub = obj(obj(d.source?.$edgeHub)["properties.desired"]);
    content.$edgeHub = {
      "properties.desired": {
        schemaVersion: "1.1",
        ...sourceHub,
        routes,
        storeAndForwardConfiguration: { ...obj(sourceHub.storeAndForwardConfiguration), timeToLiveSecs: toNumber(d.storeTtl) ?? 7200 },
      },
    };
  }
  for (const m of d.modules) {
    const desired = m.desired.trim() ? parseJson(m.desired) : undefined;
    if (desired !== undefined) content[m.name] = { "properties.desired": desired };
  }
  return content;
}

export function toConfiguration(d: ComposerDraft): ConfigurationInput {
  return {
    id: d.id.trim(),
    labels: pairsToObject(d.labels),
    content: { modulesContent: toModulesContent(d) },
    targetCondition: d.targetCondition,
    priority: toNumber(d.priority) ?? 0,
    metrics: { queries: pairsToObject(d.metrics) },
  };
}

const obj = (v: unknown): JsonObject => (v && typeof v === "object" && !Array.isArray(v) ? (v as JsonObject) : {});
const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : typeof v === "number" ? String(v) : fallback);

function joinCreateOptions(settings: JsonObject): string {
  const keys = Object.keys(settings).filter((k) => /^createOptions\d*$/i.test(k)).sort();
  const text = keys.map((k) => str(settings[k])).join("");
  const parsed = parseJson(text);
  return parsed === undefined ? text : JSON.stringify(parsed, null, 2);
}

export function moduleFromEntry(name: string, entry: JsonObject, desired: JsonValue | undefined): ModuleDraft {
  const settings = obj(entry.settings);
  return {
    ...emptyModule(name, str(settings.image)),
    digest: str(settings.image).includes("@") ? str(settings.image).split("@")[1]! : "",
    version: str(entry.version, "1.0"),
    status: entry.status === "stopped" ? "stopped" : "running",
    restartPolicy: (["always", "on-failure", "on-unhealthy", "never"].includes(str(entry.restartPolicy)) ? entry.restartPolicy : "always") as ModuleDraft["restartPolicy"],
    startupOrder: str(entry.startupOrder),
    imagePullPolicy: entry.imagePullPolicy === "never" || entry.imagePullPolicy === "on-create" ? entry.imagePullPolicy : "",
    env: Object.entries(obj(entry.env)).map(([n, v]) => ({ name: n, value: str(obj(v).value) })),
    createOptions: joinCreateOptions(settings),
    desired: desired === undefined ? "" : JSON.stringify(desired, null, 2),
    origin: entry,
  };
}

/** The composer's form of a stored or imported `modulesContent` (base or layered). */
export function fromModulesContent(mc: ModulesContent, base: Partial<ComposerDraft> = {}): ComposerDraft {
  const d = { ...emptyDraft(), ...base, modules: [], routes: [], source: mc } as ComposerDraft;
  const agent = obj(mc.$edgeAgent);
  const hub = obj(mc.$edgeHub);
  const agentDesired = obj(agent["properties.desired"]);
  d.layered = !agent["properties.desired"] && Object.keys(agent).some((k) => k.startsWith("properties.desired."));
  const moduleEntries: [string, JsonObject][] = d.layered
    ? Object.entries(agent).filter(([k]) => k.startsWith("properties.desired.modules.")).map(([k, v]) => [k.slice("properties.desired.modules.".length), obj(v)])
    : Object.entries(obj(agentDesired.modules)).map(([k, v]) => [k, obj(v)]);
  const runtimeSettings = obj(obj(agentDesired.runtime).settings);
  const system = obj(agentDesired.systemModules);
  if (!d.layered) {
    d.agentImage = str(obj(obj(system.edgeAgent).settings).image, d.agentImage);
    d.hubImage = str(obj(obj(system.edgeHub).settings).image, d.hubImage);
    d.minDockerVersion = str(runtimeSettings.minDockerVersion, d.minDockerVersion);
    d.loggingOptions = str(runtimeSettings.loggingOptions);
    d.registryCredentials = Object.entries(obj(runtimeSettings.registryCredentials)).map(([name, c]) => ({
      name,
      address: str(obj(c).address),
      username: str(obj(c).username),
      password: str(obj(c).password),
    }));
  }
  d.modules = moduleEntries.map(([name, entry]) => moduleFromEntry(name, entry, obj(mc[name])["properties.desired"]));
  const hubDesired = obj(hub["properties.desired"]);
  const routeEntries: [string, JsonValue][] = d.layered
    ? Object.entries(hub).filter(([k]) => k.startsWith("properties.desired.routes.")).map(([k, v]) => [k.slice("properties.desired.routes.".length), v])
    : Object.entries(obj(hubDesired.routes));
  d.routes = routeEntries.map(([name, r]) =>
    typeof r === "string" ? { name, route: r, priority: "", ttl: "" } : { name, route: str(obj(r).route), priority: str(obj(r).priority), ttl: str(obj(r).timeToLiveSecs) },
  );
  d.storeTtl = str(obj(hubDesired.storeAndForwardConfiguration).timeToLiveSecs, "7200");
  return d;
}
