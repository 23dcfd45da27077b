import { AppError } from "../errors";
import { indexPath, isJsonObject, joinPath, setMember, type JsonObject } from "./json";
import { jsonValueSize, type TwinSection } from "./size";
import { isStorableText } from "../storable-text";
import { CONTROL_CHARS, utf8Length } from "./utf8";

/** Key and value rules from reference §2.4. */
export const TWIN_MAX_KEY_BYTES = 1024;
export const TWIN_MAX_VALUE_BYTES = 4096;
export const TWIN_MAX_DEPTH = 10;
export const TWIN_MIN_INTEGER = -4503599627370496; // -2^52
export const TWIN_MAX_INTEGER = 4503599627370495; // 2^52 - 1

/** Root members of desired/reported that the service owns; clients echo them back from a GET. */
const READ_ONLY_ROOT_KEYS = new Set(["$version", "$metadata"]);
const FORBIDDEN_KEY_CHARS: ReadonlyArray<[RegExp, string]> = [
  [/\./, "'.'"],
  [/\$/, "'$'"],
  [/ /, "a space"],
];

export type ValidateSectionOptions = {
  /** Patch documents use `null` to delete; replace documents drop `null` members (see merge-patch). */
  isPatch: boolean;
  /** Dotted path of the section in the twin, e.g. `properties.desired`; prefixes every error path. */
  pathPrefix: string;
};

const invalid = (path: string, message: string): AppError =>
  new AppError("ArgumentInvalid", `${path || "document"}: ${message}`, { path });

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkKey(key: string, path: string): void {
  if (key.length === 0) throw invalid(path, "property names must not be empty");
  const bytes = utf8Length(key);
  if (bytes > TWIN_MAX_KEY_BYTES) {
    throw invalid(path, `property name is ${bytes} bytes UTF-8, over the ${TWIN_MAX_KEY_BYTES}-byte limit`);
  }
  if (CONTROL_CHARS.test(key)) throw invalid(path, "property names must not contain control characters");
  if (!isStorableText(key)) throw invalid(path, "property names must not contain unpaired surrogates");
  for (const [pattern, label] of FORBIDDEN_KEY_CHARS) {
    if (pattern.test(key)) throw invalid(path, `property names must not contain ${label}`);
  }
}

/**
 * Depth counts container levels below the section root: a root member holding an object or array
 * is at depth 1, and a container may sit at depth 10 but not 11. That matches the docs' example of
 * ten nested objects (`one` … `ten`, the last holding a primitive) being the deepest valid shape.
 * Arrays count as a level like objects do (JSON nesting depth), which is the conservative reading.
 */
function checkValue(value: unknown, path: string, depth: number, isArrayElement: boolean): void {
  if (value === null) return; // patch: delete; replace: dropped; array element: a plain value
  switch (typeof value) {
    case "boolean":
      return;
    case "string": {
      if (!isStorableText(value)) throw invalid(path, "strings must not contain NUL characters or unpaired surrogates");
      const bytes = utf8Length(value);
      if (bytes > TWIN_MAX_VALUE_BYTES) {
        throw invalid(path, `string value is ${bytes} bytes UTF-8, over the ${TWIN_MAX_VALUE_BYTES}-byte limit`);
      }
      return;
    }
    case "number":
      if (!Number.isFinite(value)) throw invalid(path, "numbers must be finite");
      if (Number.isInteger(value) && (value < TWIN_MIN_INTEGER || value > TWIN_MAX_INTEGER)) {
        throw invalid(path, `integer ${value} is outside ${TWIN_MIN_INTEGER}…${TWIN_MAX_INTEGER}`);
      }
      return;
    case "object":
      break;
    default:
      throw invalid(path, `${typeof value} is not a JSON value`);
  }
  if (depth + 1 > TWIN_MAX_DEPTH) throw invalid(path, `nesting is deeper than ${TWIN_MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    // Index loop, not forEach: holes in a sparse array are `undefined` and must be rejected.
    for (let i = 0; i < value.length; i++) checkValue(value[i], indexPath(path, i), depth + 1, true);
    // Arrays are leaf values, so the 4 KB per-value limit applies to the array as a whole. Objects
    // are not leaves: they are bounded only by the section budget (edgeAgent's `modules` exceeds 4 KB).
    const size = jsonValueSize(value);
    if (!isArrayElement && size > TWIN_MAX_VALUE_BYTES) {
      throw invalid(path, `array value is ${size} bytes, over the ${TWIN_MAX_VALUE_BYTES}-byte limit`);
    }
    return;
  }
  if (!isPlainObject(value)) throw invalid(path, "only plain JSON objects are allowed");
  checkMembers(value as JsonObject, path, depth + 1, false);
}

function checkMembers(obj: JsonObject, path: string, depth: number, skipReadOnly: boolean): void {
  for (const key of Object.keys(obj)) {
    if (skipReadOnly && READ_ONLY_ROOT_KEYS.has(key)) continue;
    const keyPath = joinPath(path, key);
    checkKey(key, keyPath);
    checkValue(obj[key], keyPath, depth, false);
  }
}

/**
 * Validates keys, values and depth of a tags/desired/reported document before it is applied.
 * `null` members pass in both modes: in a patch they delete, in a replace document they are
 * dropped on store. Root `$version`/`$metadata` of desired/reported are skipped (read-only, echoed
 * back by SDKs that PUT a twin they fetched); callers must not store them. Size budgets are a
 * separate check on the merged result (`assertSectionWithinBudget`).
 */
export function validateTwinSection(section: TwinSection, doc: JsonObject, opts: ValidateSectionOptions): void {
  if (!isJsonObject(doc) || !isPlainObject(doc)) {
    throw invalid(opts.pathPrefix, `${section} must be a JSON object`);
  }
  checkMembers(doc, opts.pathPrefix, 0, section !== "tags");
}

/**
 * Removes the root `$version`/`$metadata` a client echoed back, so they are never merged into the
 * stored section (validation tolerates them; storing them would shadow the service's own values).
 */
export function stripReadOnlyKeys(doc: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(doc)) if (!READ_ONLY_ROOT_KEYS.has(key)) setMember(out, key, value);
  return out;
}
