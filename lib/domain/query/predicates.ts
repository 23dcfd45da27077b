import type { ComparisonOp, Primitive } from "./ast";
import {
  asBoolean, asNumeric, asText, constType, FALSE_SQL, isoText, pred, PRIMITIVE_TYPES, TRUE_SQL,
  type Pred, type SqlParams, type Value,
} from "./values";

/*
 * Comparison semantics (IoT Hub): a comparison is true only when both sides are defined primitives
 * of the same JSON type and the relation holds; anything else (undefined, type mismatch, objects,
 * arrays) is false. `!=` is therefore also false for missing fields and for mismatched types.
 * Strings order ordinally (COLLATE "C"); JSON null equals null (=, <=, >=) and nothing else.
 */

const SQL_OP: Record<ComparisonOp, string> = { "=": "=", "!=": "<>", "<": "<", ">": ">", "<=": "<=", ">=": ">=" };
const FLIP: Record<ComparisonOp, ComparisonOp> = { "=": "=", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<=" };
const isOrdering = (op: ComparisonOp) => op !== "=" && op !== "!=";
const nullHolds = (op: ComparisonOp) => op === "=" || op === "<=" || op === ">=";

export const bool = (b: boolean): Pred => pred(b ? TRUE_SQL : FALSE_SQL);

/** AND/OR with constant folding; nested chains of the same operator are flattened. */
function junction(op: "AND" | "OR", parts: Pred[]): Pred {
  const absorbing = op === "AND" ? FALSE_SQL : TRUE_SQL;
  if (parts.some((x) => x.sql === absorbing)) return pred(absorbing);
  const kept = parts.flatMap((x) => (x.junction?.op === op ? x.junction.parts : [x])).filter((x) => x.sql !== TRUE_SQL && x.sql !== FALSE_SQL);
  if (kept.length === 0) return pred(op === "AND" ? TRUE_SQL : FALSE_SQL);
  if (kept.length === 1) return kept[0]!;
  return { kind: "pred", sql: `(${kept.map((x) => x.sql).join(` ${op} `)})`, junction: { op, parts: kept } };
}

export const and = (parts: Pred[]): Pred => junction("AND", parts);
export const or = (parts: Pred[]): Pred => junction("OR", parts);

/** NOT: "anything other than true is false", so NULL (undefined) operands make NOT true. */
export function not(x: Pred): Pred {
  if (x.sql === TRUE_SQL) return bool(false);
  if (x.sql === FALSE_SQL) return bool(true);
  return pred(`(${x.sql} IS NOT TRUE)`);
}

export function compareConstants(op: ComparisonOp, a: Primitive, b: Primitive): boolean {
  if (constType(a) !== constType(b)) return false;
  if (a === null) return nullHolds(op);
  // Same JSON type here; the casts only satisfy the checker (JS orders strings by UTF-16 code unit).
  const [x, y] = [a as string, b as string];
  switch (op) {
    case "=": return x === y;
    case "!=": return x !== y;
    case "<": return x < y;
    case ">": return x > y;
    case "<=": return x <= y;
    case ">=": return x >= y;
  }
}

export function compare(op: ComparisonOp, a: Value, b: Value, p: SqlParams): Pred {
  if ((a.kind === "const" && a.value === undefined) || (b.kind === "const" && b.value === undefined)) return bool(false);
  if (a.kind === "const" && b.kind === "const") return bool(compareConstants(op, a.value!, b.value!));
  if (a.kind === "const") return compare(FLIP[op], b, a, p);
  if (b.kind === "const") return a.kind === "json" ? jsonVsConst(op, a, b.value!, p) : typedVsConst(op, a, b.value!, p);
  if (a.kind === "json" && b.kind === "json") return jsonVsJson(op, a.sql, b.sql);
  if (a.kind === "json") return compare(FLIP[op], b, a, p);
  return typedVsValue(op, a, b, p);
}

function textCompare(op: ComparisonOp, l: string, r: string): Pred {
  return pred(isOrdering(op) ? `(${l} COLLATE "C" ${SQL_OP[op]} ${r})` : `(${l} ${SQL_OP[op]} ${r})`);
}

function nest(segments: string[], leaf: Primitive): unknown {
  return segments.reduceRight<unknown>((inner, key) => ({ [key]: inner }), leaf);
}

function jsonVsConst(op: ComparisonOp, a: Extract<Value, { kind: "json" }>, c: Primitive, p: SqlParams): Pred {
  const type = constType(c)!;
  if (c === null) return nullHolds(op) ? pred(`(jsonb_typeof(${a.sql}) = 'null')`) : bool(false);
  if (op === "=") {
    // Containment hits the GIN index. Digit-only segments may index arrays with #>, so they keep #>.
    if (a.contain && a.contain.segments.length > 0 && !a.contain.segments.some((s) => /^\d+$/.test(s))) {
      return pred(`(${a.contain.column} @> ${p.json(nest(a.contain.segments, c))})`);
    }
    return pred(`(${a.sql} = ${p.json(c)})`);
  }
  if (type === "string" && isOrdering(op)) {
    const cmp = textCompare(op, `(${a.sql} #>> '{}')`, p.text(c as string));
    return pred(`(jsonb_typeof(${a.sql}) = 'string' AND ${cmp.sql})`);
  }
  return pred(`(jsonb_typeof(${a.sql}) = '${type}' AND ${a.sql} ${SQL_OP[op]} ${p.json(c)})`);
}

function jsonVsJson(op: ComparisonOp, a: string, b: string): Pred {
  const sameType = `jsonb_typeof(${a}) = jsonb_typeof(${b})`;
  if (!isOrdering(op)) {
    return pred(`(jsonb_typeof(${a}) IN ${PRIMITIVE_TYPES} AND ${sameType} AND ${a} ${SQL_OP[op]} ${b})`);
  }
  const strings = `(jsonb_typeof(${a}) = 'string' AND jsonb_typeof(${b}) = 'string' AND ` +
    `${textCompare(op, `(${a} #>> '{}')`, `(${b} #>> '{}')`).sql})`;
  const others = `(jsonb_typeof(${a}) IN ('number','boolean','null') AND ${sameType} AND ${a} ${SQL_OP[op]} ${b})`;
  return pred(`(${strings} OR ${others})`);
}

function typedVsConst(op: ComparisonOp, a: Extract<Value, { kind: "typed" }>, c: Primitive, p: SqlParams): Pred {
  if (a.type === "text") return typeof c === "string" ? textCompare(op, a.sql, p.text(c)) : bool(false);
  if (a.type === "number") return typeof c === "number" ? pred(`(${a.sql} ${SQL_OP[op]} ${p.num(c)})`) : bool(false);
  if (a.type === "boolean") return typeof c === "boolean" ? pred(`(${a.sql} ${SQL_OP[op]} ${p.bool(c)})`) : bool(false);
  if (typeof c !== "string") return bool(false);
  const iso = normalizeTimestamp(c);
  if (iso === null) return textCompare(op, isoText(a.sql), p.text(c));
  return pred(`(${a.sql} ${SQL_OP[op]} ${p.timestamp(iso)})`);
}

function typedVsValue(op: ComparisonOp, a: Extract<Value, { kind: "typed" }>, b: Value, p: SqlParams): Pred {
  if (a.type === "timestamp" && b.kind === "typed" && b.type === "timestamp") {
    return pred(`(${a.sql} ${SQL_OP[op]} ${b.sql})`);
  }
  if (a.type === "text" || a.type === "timestamp") {
    const r = asText(b, p);
    return r === null ? bool(false) : textCompare(op, a.type === "text" ? a.sql : isoText(a.sql), r);
  }
  const r = a.type === "number" ? asNumeric(b, p) : asBoolean(b, p);
  return r === null ? bool(false) : pred(`(${a.sql} ${SQL_OP[op]} ${r})`);
}

/** True when the value is a defined primitive (not undefined, object or array). */
export function definedPrimitive(v: Value): Pred {
  if (v.kind === "const") return bool(v.value !== undefined);
  if (v.kind === "json") return pred(`(jsonb_typeof(${v.sql}) IN ${PRIMITIVE_TYPES})`);
  return pred(`(${v.sql} IS NOT NULL)`);
}

/** `x IN [..]`: x equals one of the primitives; `x NIN [..]`: x is a defined primitive equal to none. */
export function inList(v: Value, items: Value[], negated: boolean, p: SqlParams): Pred {
  const any = or(items.map((item) => compare("=", v, item, p)));
  return negated ? and([definedPrimitive(v), not(any)]) : any;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO-8601 string Postgres will accept as timestamptz without error, with an explicit zone
 * (UTC when none is given), or null when the string is not a valid timestamp.
 */
export function normalizeTimestamp(s: string): string | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", sec = "00", frac = "", zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  const date = new Date(Date.UTC(2000, month - 1, day));
  if (year < 1 || month < 1 || month > 12 || day < 1 || date.getUTCMonth() !== month - 1) return null;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  if (zone && zone !== "Z") {
    const digits = zone.replace(":", "");
    if (Number(digits.slice(1, 3)) > 14 || Number(digits.slice(3, 5)) > 59) return null;
  }
  return `${y}-${mo}-${d}T${h}:${mi}:${sec}${frac}${zone ?? "Z"}`;
}
