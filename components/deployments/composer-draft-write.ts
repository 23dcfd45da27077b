import type { JsonObject, JsonValue } from "@/lib/domain/twins";
import { LAYER_MODULE_KEY, LAYER_ROUTE_KEY, obj, parseJson, sourceModuleNames, type ComposerDraft, type EnvVar, type ModuleDraft, type Pair, type RouteDraft } from "./composer-draft";
import { chunkCreateOptions } from "./deployment-domain";
import type { ConfigurationInput, ModulesContent } from "./deployment-types";

/** From the composer's draft to the configuration PUT /api/configurations/{id} takes. */
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
    // Finer dotted paths of the source layer (e.g. `properties.desired.modules.m.env`) are kept as read.
    const keep = (twin: string, owned: RegExp) => Object.fromEntries(Object.entries(obj(d.source?.[twin])).filter(([k]) => !owned.test(k)));
    content.$edgeAgent = { ...keep("$edgeAgent", LAYER_MODULE_KEY), ...Object.fromEntries(Object.entries(modules).map(([name, entry]) => [`properties.desired.modules.${name}`, entry])) };
    content.$edgeHub = { ...keep("$edgeHub", LAYER_ROUTE_KEY), ...Object.fromEntries(Object.entries(routes).map(([name, route]) => [`properties.desired.routes.${name}`, route])) };
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
  // Twin entries of the source for modules this deployment does not define (a layer may configure a
  // module of the base) are kept; those of its own modules travel with the module (rename, removal).
  const ownNames = new Set(sourceModuleNames(d.source ?? {}));
  for (const [name, entry] of Object.entries(d.source ?? {})) {
    if (name !== "$edgeAgent" && name !== "$edgeHub" && !ownNames.has(name)) content[name] = entry;
  }
  for (const m of d.modules) {
    const desired = m.desired.trim() ? parseJson(m.desired) : undefined;
    const entry: JsonObject = { ...(m.twinExtra ?? {}) };
    if (desired !== undefined) entry["properties.desired"] = desired;
    if (Object.keys(entry).length) content[m.name] = entry;
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

