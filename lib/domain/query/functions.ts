import { AppError } from "../errors";
import { bool, definedPrimitive } from "./predicates";
import {
  asText, constType, FALSE_SQL, jsonTypeOfTyped, pred, undef, type Compiled, type SqlParams, type Value,
} from "./values";

type JsonType = "string" | "number" | "boolean" | "null" | "object" | "array";

const TYPE_CHECKS: Record<string, JsonType> = {
  IS_NULL: "null",
  IS_BOOL: "boolean",
  IS_NUMBER: "number",
  IS_STRING: "string",
  IS_OBJECT: "object",
  IS_ARRAY: "array",
};

function typeCheck(v: Value, wanted: JsonType): Compiled {
  if (v.kind === "const") return bool(constType(v.value) === wanted);
  if (v.kind === "json") return pred(`(jsonb_typeof(${v.sql}) = '${wanted}')`);
  // SQL NULL in a column means "not set" (undefined), never JSON null.
  return jsonTypeOfTyped(v.type) === wanted ? pred(`(${v.sql} IS NOT NULL)`) : bool(false);
}

const STRING_TESTS: Record<string, { js: (a: string, b: string) => boolean; sql: (a: string, b: string) => string }> = {
  STARTS_WITH: { js: (a, b) => a.startsWith(b), sql: (a, b) => `starts_with(${a}, ${b})` },
  ENDS_WITH: { js: (a, b) => a.endsWith(b), sql: (a, b) => `(right(${a}, length(${b})) = ${b})` },
  CONTAINS: { js: (a, b) => a.includes(b), sql: (a, b) => `(strpos(${a}, ${b}) > 0)` },
};

const STRING_FUNCTIONS: Record<string, { js: (a: string) => string | number; sql: (a: string) => string; type: "text" | "number" }> = {
  LOWER: { js: (a) => a.toLowerCase(), sql: (a) => `lower(${a})`, type: "text" },
  UPPER: { js: (a) => a.toUpperCase(), sql: (a) => `upper(${a})`, type: "text" },
  // Code points, like Postgres length() on text.
  LENGTH: { js: (a) => [...a].length, sql: (a) => `length(${a})`, type: "number" },
};

/** Compiles a (non-aggregate) function call whose arity the parser has checked. */
export function compileCall(name: string, args: Value[], p: SqlParams): Compiled {
  const [a, b] = args as [Value, Value | undefined];
  if (name === "IS_DEFINED") {
    if (a.kind === "const") return bool(a.value !== undefined);
    return pred(`(${a.sql} IS NOT NULL)`);
  }
  if (name === "IS_PRIMITIVE") return definedPrimitive(a);
  const wanted = TYPE_CHECKS[name];
  if (wanted) return typeCheck(a, wanted);
  const test = STRING_TESTS[name];
  if (test && b) {
    if (a.kind === "const" && b.kind === "const") {
      return bool(typeof a.value === "string" && typeof b.value === "string" && test.js(a.value, b.value));
    }
    const l = asText(a, p);
    const r = asText(b, p);
    return l === null || r === null ? pred(FALSE_SQL) : pred(test.sql(l, r));
  }
  const fn = STRING_FUNCTIONS[name];
  if (fn) {
    if (a.kind === "const") return typeof a.value === "string" ? { kind: "const", value: fn.js(a.value) } : undef;
    const l = asText(a, p);
    return l === null ? undef : { kind: "typed", type: fn.type, sql: fn.sql(l) };
  }
  throw new AppError("ServerError", `Query function ${name} has no compiler`);
}
