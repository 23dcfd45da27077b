import Ajv, { type ValidateFunction } from "ajv";
import { isJsonObject, type JsonObject, type JsonValue } from "../twins";
import { joinCreateOptions } from "./create-options";
import { DESIRED_KEY, dottedDesiredPath, isLayeredContent } from "./layered";
import { parseRoute, routeText } from "./routes";
import { DEPLOYMENT_DEFINITIONS } from "./schema-definitions";
import { mapSchemaErrors } from "./schema-errors";
import type { ManifestProblem, ModulesContent } from "./types";

/**
 * Errors a manifest would hit on the device or in the hub (reference §5.3, §6, §7): schema
 * violations for its schemaVersion, module names, layered-deployment rules, createOptions chunk
 * sequences and route syntax. Warnings (things that work but probably are not meant) are lint.ts's.
 */
const DEFINITIONS_ID = "https://edgedeck.local/schemas/deployment-definitions.json";
const MODULE_NAME = /^[a-zA-Z0-9_-]+$/;
const ROUTE_NAME = /^[^.$# ]+$/;
const AGENT = `$edgeAgent.${DESIRED_KEY}`;
const HUB = `$edgeHub.${DESIRED_KEY}`;

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();
/** Compiled on first use and kept: compiling costs milliseconds, validating microseconds. */
function validator(definition: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, verbose: true, strictTypes: false });
    // Monaco's warning annotation (VS Code JSON schema extension); an annotation only for ajv.
    ajv.addKeyword({ keyword: "deprecationMessage", schemaType: "string" });
    ajv.addSchema({ $id: DEFINITIONS_ID, definitions: DEPLOYMENT_DEFINITIONS });
  }
  let validate = validators.get(definition);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DEFINITIONS_ID}#/definitions/${definition}` });
    validators.set(definition, validate);
  }
  return validate;
}

const error = (code: string, path: string, message: string, offset?: number): ManifestProblem => ({
  severity: "error",
  code,
  path,
  message,
  ...(offset === undefined ? {} : { offset }),
});

function checkSchema(definition: string, value: JsonValue, prefix: string, schemaVersion: string | null): ManifestProblem[] {
  const validate = validator(definition);
  if (validate(value)) return [];
  return mapSchemaErrors(validate.errors ?? [], prefix, schemaVersion).map((p) =>
    p.path.endsWith(".schemaVersion") && /must match/.test(p.message)
      ? { ...p, code: "UnsupportedSchemaVersion", message: unsupportedVersion(prefix, value) }
      : p,
  );
}

function unsupportedVersion(prefix: string, desired: JsonValue): string {
  const version = isJsonObject(desired) ? JSON.stringify(desired.schemaVersion) : "?";
  return prefix.startsWith("$edgeHub")
    ? `schemaVersion ${version} is not supported by edgeHub (1.0, 1.1, 1.2 or 1.3; it reports 400 otherwise)`
    : `schemaVersion ${version} is not supported by edgeAgent (1.0 or 1.1; it reports 412 otherwise)`;
}

function checkCreateOptions(settings: JsonValue | undefined, prefix: string): ManifestProblem[] {
  if (!isJsonObject(settings)) return [];
  const joined = joinCreateOptions(settings);
  return joined.ok ? [] : [error("CreateOptionsInvalid", `${prefix}.${joined.key ?? "createOptions"}`, joined.message)];
}

function checkModuleDefinitions(modules: JsonValue | undefined, prefix: string): ManifestProblem[] {
  if (!isJsonObject(modules)) return [];
  return Object.entries(modules).flatMap(([name, def]) => (isJsonObject(def) ? checkCreateOptions(def.settings, `${prefix}.${name}.settings`) : []));
}

function checkRoute(name: string, value: JsonValue, path: string): ManifestProblem[] {
  const text = routeText(value);
  if (text === null) return [];
  const parsed = parseRoute(text);
  return parsed.ok ? [] : [error("RouteSyntax", path, `Route ${name}: ${parsed.message}`, parsed.offset)];
}

function validateBase(mc: ModulesContent): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const agent = mc.$edgeAgent?.[DESIRED_KEY];
  if (!isJsonObject(agent)) {
    problems.push(error("MissingEdgeAgent", AGENT, "A base deployment needs $edgeAgent properties.desired (runtime, systemModules, modules)"));
  } else {
    const version = typeof agent.schemaVersion === "string" ? agent.schemaVersion : null;
    problems.push(...checkSchema(version?.startsWith("1.0") ? "agentDesired_1_0" : "agentDesired_1_1", agent, AGENT, version));
    const system = isJsonObject(agent.systemModules) ? agent.systemModules : {};
    problems.push(...checkModuleDefinitions(system, `${AGENT}.systemModules`), ...checkModuleDefinitions(agent.modules, `${AGENT}.modules`));
  }
  const hub = mc.$edgeHub?.[DESIRED_KEY];
  if (!isJsonObject(hub)) {
    problems.push(error("MissingEdgeHub", HUB, "A base deployment needs $edgeHub properties.desired (schemaVersion, routes, storeAndForwardConfiguration)"));
  } else {
    const version = typeof hub.schemaVersion === "string" ? hub.schemaVersion : null;
    problems.push(...checkSchema("hubDesired", hub, HUB, version));
    const routes = isJsonObject(hub.routes) ? hub.routes : {};
    for (const [name, value] of Object.entries(routes)) problems.push(...checkRoute(name, value, `${HUB}.routes.${name}`));
  }
  return problems;
}

const SYSTEM_PATHS = new Set(["systemModules", "runtime", "schemaVersion"]);

function validateLayeredAgent(entry: Record<string, JsonValue>): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const [key, value] of Object.entries(entry)) {
    const path = dottedDesiredPath(key);
    const at = `$edgeAgent.${key}`;
    if (key === DESIRED_KEY) {
      problems.push(error("LayeredReplacesSystemModule", at, "A layered deployment must not replace $edgeAgent properties.desired; write properties.desired.modules.<name> keys"));
    } else if (path && SYSTEM_PATHS.has(path[0]!)) {
      problems.push(error("LayeredSetsRuntime", at, `A layered deployment must not set ${path[0]}: the runtime comes from the base deployment`));
    } else if (path?.[0] === "modules" && path.length >= 2) {
      const name = path[1]!;
      if (!MODULE_NAME.test(name)) problems.push(error("InvalidModuleName", at, `Module name '${name}' must match ^[a-zA-Z0-9_-]+$`));
      else if (path.length === 2) problems.push(...checkSchema("module_1_1", value, at, null), ...checkCreateOptions(isJsonObject(value) ? value.settings : undefined, `${at}.settings`));
      else if (path.length === 3 && path[2] === "settings") problems.push(...checkSchema("moduleSettings_1_1", value, at, null), ...checkCreateOptions(value, at));
      else if (path.length === 3 && path[2] === "env") problems.push(...checkSchema("env", value, at, null));
    } else if (path && path[0] !== "modules") {
      problems.push(error("SchemaViolation", at, `'${path[0]}' is not an $edgeAgent desired property a layer can set (only modules.<name>…)`));
    }
  }
  return problems;
}

function validateLayeredHub(entry: Record<string, JsonValue>): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const [key, value] of Object.entries(entry)) {
    const path = dottedDesiredPath(key);
    const at = `$edgeHub.${key}`;
    if (key === DESIRED_KEY) {
      problems.push(error("LayeredReplacesSystemModule", at, "A layered deployment must not replace $edgeHub properties.desired; write properties.desired.routes.<name> keys"));
    } else if (path?.[0] === "schemaVersion") {
      problems.push(error("LayeredSetsRuntime", at, "A layered deployment must not set schemaVersion: it comes from the base deployment"));
    } else if (path?.[0] === "routes" && path.length === 2) {
      if (!ROUTE_NAME.test(path[1]!)) problems.push(error("SchemaViolation", at, `Route name '${path[1]}' must not contain . $ # or spaces`));
      problems.push(...checkSchema("route", value, at, null), ...checkRoute(path[1]!, value, at));
    } else if (path?.[0] === "storeAndForwardConfiguration" && path.length === 1) {
      problems.push(...checkSchema("storeAndForwardConfiguration", value, at, null));
    }
  }
  return problems;
}

function checkEntries(mc: ModulesContent): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const [module, entry] of Object.entries(mc)) {
    if (module !== "$edgeAgent" && module !== "$edgeHub" && !MODULE_NAME.test(module)) {
      problems.push(error("InvalidModuleName", module, `Module name '${module}' must match ^[a-zA-Z0-9_-]+$ (or be $edgeAgent / $edgeHub)`));
    }
    if (!isJsonObject(entry as JsonValue)) {
      problems.push(error("SchemaViolation", module, `modulesContent.${module} must be an object like {"properties.desired": {…}}`));
      continue;
    }
    for (const [key, value] of Object.entries(entry)) {
      if (key !== DESIRED_KEY && !dottedDesiredPath(key)) {
        problems.push(error("SchemaViolation", `${module}.${key}`, `'${key}' is not allowed: use "properties.desired" or "properties.desired.<path>"`));
      } else if (key === DESIRED_KEY && !isJsonObject(value)) {
        problems.push(error("SchemaViolation", `${module}.${key}`, `${module} properties.desired must be an object`));
      }
    }
  }
  return problems;
}

export function validateManifest(mc: ModulesContent): ManifestProblem[] {
  const problems = checkEntries(mc);
  if (!isLayeredContent(mc)) return [...problems, ...validateBase(mc)];
  if (isJsonObject(mc.$edgeAgent as JsonObject | undefined)) problems.push(...validateLayeredAgent(mc.$edgeAgent!));
  if (isJsonObject(mc.$edgeHub as JsonObject | undefined)) problems.push(...validateLayeredHub(mc.$edgeHub!));
  return problems;
}
