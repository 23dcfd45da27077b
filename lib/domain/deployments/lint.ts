import { isJsonObject, type JsonObject, type JsonValue } from "../twins";
import { CREATE_OPTIONS_CHUNK_SIZE, CREATE_OPTIONS_PORTAL_LIMIT, createOptionsKeys } from "./create-options";
import { credentialHosts, DEFAULT_PUBLIC_REGISTRY_HOSTS, hasTagOrDigest, imageRegistryHost } from "./image-registry";
import { DESIRED_KEY, dottedDesiredPath, isLayeredContent } from "./layered";
import { parseRoute, routeText } from "./routes";
import type { ManifestProblem, ModulesContent } from "./types";

/**
 * What a manifest gets wrong without being rejected (or is rejected for a reason worth its own
 * words): routes to modules the deployment does not run, private images without credentials,
 * fields the schemaVersion does not define, names that clash by case, no store-and-forward TTL.
 * validateManifest covers hard errors; checkDeployment (check-deployment.ts) returns both.
 */
export { applyManifestDefaults } from "./manifest-defaults";
export type LintContext = { publicRegistryHosts?: string[] };

const AGENT = `$edgeAgent.${DESIRED_KEY}`;
const HUB = `$edgeHub.${DESIRED_KEY}`;
const warn = (code: string, path: string, message: string, offset?: number): ManifestProblem => ({ severity: "warning", code, path, message, ...(offset === undefined ? {} : { offset }) });
const fail = (code: string, path: string, message: string): ManifestProblem => ({ severity: "error", code, path, message });
const objectOr = (value: JsonValue | undefined): JsonObject => (isJsonObject(value) ? value : {});

type ModuleRef = { name: string; def: JsonObject; path: string; system: boolean };

function moduleRefs(agent: JsonObject): ModuleRef[] {
  const system = Object.entries(objectOr(agent.systemModules)).map(([name, def]) => ({ name, def: objectOr(def), path: `${AGENT}.systemModules.${name}`, system: true }));
  const custom = Object.entries(objectOr(agent.modules)).map(([name, def]) => ({ name, def: objectOr(def), path: `${AGENT}.modules.${name}`, system: false }));
  return [...system, ...custom];
}

/** `credentials` null: the registry credentials are not known here (a layer takes them from its base). */
function lintModule(ref: ModuleRef, version: string, publicHosts: Set<string>, credentials: Set<string> | null): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const { def, path } = ref;
  if (version.startsWith("1.0")) {
    for (const field of ["startupOrder", "imagePullPolicy"]) {
      if (def[field] !== undefined) problems.push(warn("UnsupportedInSchemaVersion", `${path}.${field}`, `${field} needs $edgeAgent schemaVersion 1.1; schema 1.0 does not define it`));
    }
  }
  if (def.restartPolicy === "on-unhealthy") {
    problems.push(warn("RestartPolicyOnUnhealthy", `${path}.restartPolicy`, "on-unhealthy acts like on-failure: edgeAgent does not act on Docker health checks"));
  }
  const settings = objectOr(def.settings);
  const image = typeof settings.image === "string" ? settings.image.trim() : "";
  if (image !== "") {
    const host = imageRegistryHost(image);
    if (!hasTagOrDigest(image)) problems.push(warn("ImageWithoutTag", `${path}.settings.image`, `'${image}' has no tag: Docker pulls ':latest', which can change under a running fleet`));
    if (credentials && !host.startsWith("$upstream") && !publicHosts.has(host) && !credentials.has(host)) {
      problems.push(warn("MissingRegistryCredentials", `${path}.settings.image`, `No registryCredentials entry has address '${host}': the device cannot pull '${image}' if that registry is private`));
    }
  }
  const keys = createOptionsKeys(settings);
  const total = keys.reduce((n, k) => n + (typeof settings[k] === "string" ? (settings[k] as string).length : 0), 0);
  if (total > CREATE_OPTIONS_PORTAL_LIMIT) problems.push(warn("CreateOptionsLong", `${path}.settings.createOptions`, `createOptions is ${total} characters; the Azure portal edits at most ${CREATE_OPTIONS_PORTAL_LIMIT}`));
  for (const key of keys) {
    if (typeof settings[key] === "string" && (settings[key] as string).length > CREATE_OPTIONS_CHUNK_SIZE) {
      problems.push(warn("CreateOptionsChunkTooLong", `${path}.settings.${key}`, `${key} is longer than ${CREATE_OPTIONS_CHUNK_SIZE} characters; it is split into createOptions01… on save`));
    }
    if (/^createOptions\d$/.test(key)) problems.push(warn("CreateOptionsSuffix", `${path}.settings.${key}`, `${key}: use two-digit suffixes (createOptions01); from the tenth chunk on a single digit sorts wrong`));
  }
  return problems;
}

function lintNames(names: string[], pathOf: (name: string) => string, what: string): ManifestProblem[] {
  const seen = new Map<string, string>();
  const problems: ManifestProblem[] = [];
  for (const name of names) {
    const earlier = seen.get(name.toLowerCase());
    if (earlier !== undefined) problems.push(warn("DuplicateName", pathOf(name), `${what} '${name}' differs from '${earlier}' only by case`));
    else seen.set(name.toLowerCase(), name);
  }
  return problems;
}

function lintRoute(name: string, value: JsonValue, path: string, hubVersion: string | null, moduleNames: Set<string> | null): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  if (hubVersion?.startsWith("1.0") && isJsonObject(value)) {
    problems.push(fail("UnsupportedInSchemaVersion", path, `Route ${name}: route objects (priority, timeToLiveSecs) need $edgeHub schemaVersion 1.1; 1.0 routes are strings`));
  }
  const text = routeText(value);
  const parsed = text === null ? null : parseRoute(text);
  if (!parsed?.ok) return problems;
  for (const w of parsed.warnings) problems.push(warn("RouteSuspicious", path, `Route ${name}: ${w.message}`, w.offset));
  if (!moduleNames) return problems;
  const known = (m: string) => moduleNames.has(m);
  const { sourceModule, sink } = parsed.route;
  if (sourceModule !== null && !known(sourceModule)) problems.push(warn("RouteUnknownModule", path, `Route ${name}: source module '${sourceModule}' is not in this deployment's modules`));
  if (sink.kind === "module" && !known(sink.module)) problems.push(warn("RouteUnknownModule", path, `Route ${name}: BrokeredEndpoint module '${sink.module}' is not in this deployment's modules`));
  return problems;
}

function lintBase(mc: ModulesContent, publicHosts: Set<string>): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const agent = objectOr(mc.$edgeAgent?.[DESIRED_KEY]);
  const hub = objectOr(mc.$edgeHub?.[DESIRED_KEY]);
  const version = typeof agent.schemaVersion === "string" ? agent.schemaVersion : "";
  const credentials = credentialHosts(objectOr(objectOr(agent.runtime).settings).registryCredentials);
  const refs = moduleRefs(agent);
  for (const ref of refs) problems.push(...lintModule(ref, version, publicHosts, credentials));
  const custom = refs.filter((r) => !r.system).map((r) => r.name);
  problems.push(...lintNames(custom, (n) => `${AGENT}.modules.${n}`, "Module name"));
  for (const name of custom) {
    if (["edgeagent", "edgehub"].includes(name.toLowerCase())) problems.push(fail("ReservedModuleName", `${AGENT}.modules.${name}`, `'${name}' clashes with the system module of that name`));
  }
  const moduleNames = new Set(custom);
  for (const twin of Object.keys(mc)) {
    if (twin !== "$edgeAgent" && twin !== "$edgeHub" && !moduleNames.has(twin)) {
      problems.push(warn("TwinForUnknownModule", twin, `modulesContent sets desired properties for '${twin}', which is not in $edgeAgent modules`));
    }
  }
  const hubVersion = typeof hub.schemaVersion === "string" ? hub.schemaVersion : null;
  const routes = objectOr(hub.routes);
  problems.push(...lintNames(Object.keys(routes), (n) => `${HUB}.routes.${n}`, "Route name"));
  for (const [name, value] of Object.entries(routes)) problems.push(...lintRoute(name, value, `${HUB}.routes.${name}`, hubVersion, moduleNames));
  if (isJsonObject(mc.$edgeHub?.[DESIRED_KEY]) && !isJsonObject(hub.storeAndForwardConfiguration)) {
    problems.push(warn("MissingStoreAndForward", `${HUB}.storeAndForwardConfiguration`, "No storeAndForwardConfiguration: edgeHub then keeps undelivered messages forever; tools default timeToLiveSecs to 7200"));
  }
  return problems;
}

function lintLayer(mc: ModulesContent): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const [twin, entry] of Object.entries(mc)) {
    for (const [key, value] of Object.entries(objectOr(entry as JsonValue))) {
      const path = dottedDesiredPath(key);
      if (twin === "$edgeAgent" && path?.length === 1 && path[0] === "modules") {
        problems.push(warn("LayerReplacesAll", `${twin}.${key}`, "This layer replaces every module of the base deployment; write properties.desired.modules.<name> keys to add or change one"));
      } else if (twin === "$edgeHub" && path?.length === 1 && path[0] === "routes") {
        problems.push(warn("LayerReplacesAll", `${twin}.${key}`, "This layer replaces every route of the base deployment; write properties.desired.routes.<name> keys instead"));
      } else if (twin === "$edgeAgent" && path?.length === 2 && path[0] === "modules" && isJsonObject(value)) {
        problems.push(...lintModule({ name: path[1]!, def: value, path: `${twin}.${key}`, system: false }, "1.1", new Set(), null));
      } else if (twin === "$edgeHub" && path?.length === 2 && path[0] === "routes") {
        problems.push(...lintRoute(path[1]!, value, `${twin}.${key}`, null, null));
      } else if (key === DESIRED_KEY && twin !== "$edgeAgent" && twin !== "$edgeHub") {
        problems.push(warn("LayerReplacesModuleTwin", `${twin}.${key}`, `A plain properties.desired in a layer replaces ${twin}'s whole desired section from lower priorities`));
      }
    }
  }
  return problems;
}

export function lintDeployment(mc: ModulesContent, ctx: LintContext = {}): ManifestProblem[] {
  const publicHosts = new Set((ctx.publicRegistryHosts ?? DEFAULT_PUBLIC_REGISTRY_HOSTS).map((h) => h.toLowerCase()));
  return isLayeredContent(mc) ? lintLayer(mc) : lintBase(mc, publicHosts);
}
