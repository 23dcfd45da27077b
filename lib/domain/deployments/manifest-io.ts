import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from "../twins";
import { jsonErrorOffset } from "./json-error-offset";
import type { ManifestProblem, ModulesContent } from "./types";

/**
 * Reading and writing deployment manifests in the shapes the tools exchange (reference §6): the
 * `{modulesContent}` file VS Code and `az iot edge set-modules` use, the same wrapped in
 * `{content: {modulesContent}}`, and a whole configuration object (`az iot edge deployment show`).
 * A bare modulesContent map (`{"$edgeAgent": …}`) is accepted too, because people paste that.
 */
export type ReadManifestResult = { ok: true; modulesContent: ModulesContent } | { ok: false; problem: ManifestProblem };

const problem = (code: string, path: string, message: string, offset?: number): ReadManifestResult => ({
  ok: false,
  problem: { severity: "error", code, path, message, ...(offset === undefined ? {} : { offset }) },
});

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; result: ReadManifestResult } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const offset = jsonErrorOffset(text) ?? undefined;
    const where = offset === undefined ? "" : ` at ${offset}`;
    return { ok: false, result: problem("ManifestNotJson", "", `The manifest is not valid JSON${where}: ${(error as Error).message}`, offset) };
  }
}

function locateModulesContent(doc: JsonObject): { value: JsonValue; path: string } | ReadManifestResult {
  if (Object.hasOwn(doc, "modulesContent")) return { value: doc.modulesContent!, path: "modulesContent" };
  if (isJsonObject(doc.content)) {
    const content = doc.content;
    if (Object.hasOwn(content, "modulesContent")) return { value: content.modulesContent!, path: "content.modulesContent" };
    if (Object.hasOwn(content, "deviceContent") || Object.hasOwn(content, "moduleContent")) {
      return problem("ManifestNotEdgeDeployment", "content", "This is a device or module configuration (deviceContent/moduleContent), not an IoT Edge deployment (modulesContent)");
    }
  }
  if (Object.hasOwn(doc, "$edgeAgent") || Object.hasOwn(doc, "$edgeHub")) return { value: doc, path: "" };
  return problem("ManifestMissingModulesContent", "", "Expected {\"modulesContent\": {…}}, {\"content\": {\"modulesContent\": {…}}} or a deployment object with content.modulesContent");
}

export function readManifest(json: unknown): ReadManifestResult {
  let doc = json;
  if (typeof doc === "string") {
    const parsed = parseJsonText(doc);
    if (!parsed.ok) return parsed.result;
    doc = parsed.value;
  }
  if (!isJsonObject(doc as JsonValue)) return problem("ManifestNotObject", "", "The manifest must be a JSON object");
  const located = locateModulesContent(doc as JsonObject);
  if ("ok" in located) return located;
  const { value, path } = located;
  if (!isJsonObject(value)) return problem("ModulesContentNotObject", path, `${path || "modulesContent"} must be an object keyed by module name`);
  for (const [module, entry] of Object.entries(value)) {
    if (!isJsonObject(entry)) {
      return problem("ModuleEntryNotObject", module, `modulesContent.${module} must be an object like {"properties.desired": {…}}`);
    }
  }
  return { ok: true, modulesContent: cloneJson(value) as ModulesContent };
}

/** The `{modulesContent}` document `az`/VS Code produce; readManifest(exportManifest(x)) gives x back. */
export function exportManifest(mc: ModulesContent): { modulesContent: ModulesContent } {
  return { modulesContent: cloneJson(mc as JsonObject) as ModulesContent };
}
