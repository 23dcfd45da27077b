import type { ErrorObject } from "ajv";
import type { ManifestProblem } from "./types";

/**
 * ajv errors as ManifestProblems: one readable sentence per problem and a dotted path that names
 * the field (a missing or unexpected property is named itself, not its parent). Wrapper errors
 * (`if`, `anyOf` branches) are folded so a user sees one message per mistake.
 */
const decodePointer = (pointer: string) =>
  pointer === "" ? [] : pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));

const joinPath = (prefix: string, segments: string[]) => [prefix, ...segments].filter((s) => s !== "").join(".");

const ARTICLE: Record<string, string> = { string: "a string", object: "an object", integer: "an integer", number: "a number", boolean: "a boolean", array: "an array", null: "null" };
const typeNames = (type: unknown) => String(type).split(",").map((t) => ARTICLE[t] ?? t).join(" or ");

const quoteList = (values: readonly unknown[]) => values.map((v) => `'${String(v)}'`).join(", ");

function message(error: ErrorObject, schemaVersion: string | null): { extra?: string; text: string } {
  const p = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { extra: String(p.missingProperty), text: "is required" };
    case "additionalProperties": {
      const name = String(p.additionalProperty);
      const patterns = Object.keys((parent.patternProperties as object | undefined) ?? {});
      const known = Object.keys((parent.properties as object | undefined) ?? {});
      if (["imagePullPolicy", "startupOrder"].includes(name) && schemaVersion?.startsWith("1.0")) {
        return { extra: name, text: `needs schemaVersion 1.1 (this manifest says ${schemaVersion})` };
      }
      if (patterns.length > 0 && known.length === 0) return { extra: name, text: `is not a valid name here (must match ${patterns.join(" or ")})` };
      const allowed = [...known, ...patterns.map((re) => re.replace(/\\d\*|\\d\+/g, "NN").replace(/[\^$\\]/g, ""))];
      return { extra: name, text: `is not allowed here${schemaVersion ? ` in schemaVersion ${schemaVersion}` : ""} (allowed: ${allowed.join(", ")})` };
    }
    case "enum":
      return { text: `must be one of ${quoteList(p.allowedValues as unknown[])}` };
    case "const":
      return { text: `must be '${String(p.allowedValue)}'${typeof parent.description === "string" ? ` (${parent.description})` : ""}` };
    case "type":
      return { text: `must be ${typeNames(p.type)}${typeof parent.description === "string" ? ` (${parent.description})` : ""}` };
    case "minimum":
    case "maximum": {
      const min = parent.minimum ?? "-∞";
      const max = parent.maximum ?? "∞";
      return { text: `must be ${parent.type === "integer" ? "an integer" : "a number"} from ${String(min)} to ${String(max)}` };
    }
    case "minLength":
      return { text: "must not be empty" };
    case "not":
      return { text: typeof parent.description === "string" ? parent.description : "is not allowed here" };
    case "anyOf":
      return { text: `must be ${typeof parent.description === "string" ? parent.description : "one of the allowed forms"}` };
    case "pattern":
      return { text: `must match ${String(p.pattern)}` };
    default:
      return { text: error.message ?? "is invalid" };
  }
}

const isUnder = (path: string, root: string) => path === root || path.startsWith(`${root}/`);

/**
 * A failed anyOf reports every branch. When the value had the right type for a branch, that
 * branch's own errors are the useful ones ("priority must be 0 to 9"); when it fit no branch,
 * the anyOf's description is ("must be a route string or an object …").
 */
function foldAnyOf(errors: readonly ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  for (const anyOf of errors.filter((e) => e.keyword === "anyOf")) {
    const branch = errors.filter((e) => e !== anyOf && isUnder(e.instancePath, anyOf.instancePath));
    const wrongType = branch.filter((e) => e.keyword === "type" && e.instancePath === anyOf.instancePath);
    const meaningful = branch.filter((e) => !wrongType.includes(e));
    for (const e of meaningful.length > 0 ? [anyOf, ...wrongType] : branch) drop.add(e);
  }
  return errors.filter((e) => !drop.has(e) && e.keyword !== "if");
}

export function mapSchemaErrors(errors: readonly ErrorObject[], prefix: string, schemaVersion: string | null): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const seen = new Set<string>();
  for (const error of foldAnyOf(errors)) {
    const { extra, text } = message(error, schemaVersion);
    const segments = decodePointer(error.instancePath);
    const path = joinPath(prefix, extra === undefined ? segments : [...segments, extra]);
    const key = `${path}\n${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const name = path.slice(prefix.length + 1) || prefix;
    problems.push({ severity: "error", code: "SchemaViolation", path, message: `${name} ${text}` });
  }
  return problems;
}
