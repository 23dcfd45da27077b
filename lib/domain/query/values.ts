import type { Primitive } from "./ast";

/**
 * Compile-time view of an expression. SQL NULL always means "undefined" (missing), which every
 * comparison treats as false. Only fixed SQL produced by this module ever appears in `sql`; user
 * constants and path segments are referenced as `$n` parameters.
 */
export type SqlType = "text" | "number" | "boolean" | "timestamp";

export type Value =
  | { kind: "const"; value: Primitive | undefined }
  /** A jsonb expression. `contain` lets `=` use `column @> {…}` (GIN jsonb_path_ops friendly). */
  | { kind: "json"; sql: string; contain?: { column: string; segments: string[] } }
  | { kind: "typed"; type: SqlType; sql: string };

/** A boolean SQL condition; NULL counts as false (only NOT needs care: it compiles to IS NOT TRUE). */
export type Pred = { kind: "pred"; sql: string; junction?: { op: "AND" | "OR"; parts: Pred[] } };

export type Compiled = Value | Pred;

export type SqlParam = string | number | boolean | null;

export const TRUE_SQL = "TRUE";
export const FALSE_SQL = "FALSE";

export class SqlParams {
  readonly values: SqlParam[] = [];

  private add(value: SqlParam): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  text(value: string): string {
    return `${this.add(value)}::text`;
  }

  num(value: number): string {
    return `${this.add(value)}::numeric`;
  }

  bool(value: boolean): string {
    return `${this.add(value)}::boolean`;
  }

  /** jsonb via text so every driver sends the parameter as plain text. */
  json(value: unknown): string {
    return `${this.add(JSON.stringify(value))}::text::jsonb`;
  }

  timestamp(iso: string): string {
    return `${this.add(iso)}::timestamptz`;
  }

  int(value: number): string {
    return `${this.add(value)}::bigint`;
  }

  /**
   * Renumbers the placeholders in order of appearance and drops parameters the final text does not
   * use (compilation may create some for branches it later folds away; Postgres rejects unused ones).
   * Safe because the SQL text never contains user text, so every `$<digits>` is a placeholder.
   */
  finalize(sql: string): { text: string; params: SqlParam[] } {
    const renumber = new Map<number, number>();
    const params: SqlParam[] = [];
    const text = sql.replace(/\$(\d+)/g, (_m, n: string) => {
      const old = Number(n);
      let next = renumber.get(old);
      if (next === undefined) {
        params.push(this.values[old - 1]!);
        next = params.length;
        renumber.set(old, next);
      }
      return `$${next}`;
    });
    return { text, params };
  }
}

export const pred = (sql: string): Pred => ({ kind: "pred", sql });
export const undef: Value = { kind: "const", value: undefined };

export const PRIMITIVE_TYPES = "('string','number','boolean','null')";

export function isoText(timestampSql: string): string {
  return `to_char((${timestampSql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** JSON type name of a constant (`undefined` for undefined). */
export function constType(v: Primitive | undefined): "string" | "number" | "boolean" | "null" | undefined {
  if (v === undefined) return undefined;
  if (v === null) return "null";
  return typeof v as "string" | "number" | "boolean";
}

export function jsonTypeOfTyped(type: SqlType): "string" | "number" | "boolean" {
  return type === "number" ? "number" : type === "boolean" ? "boolean" : "string";
}

/** SQL numeric expression, or null when the value can never be a number. */
export function asNumeric(v: Value, p: SqlParams): string | null {
  if (v.kind === "const") return typeof v.value === "number" ? p.num(v.value) : null;
  if (v.kind === "json") return `(CASE WHEN jsonb_typeof(${v.sql}) = 'number' THEN ${v.sql}::numeric END)`;
  return v.type === "number" ? v.sql : null;
}

/** SQL text expression, or null when the value can never be a string. Timestamps render as ISO-8601. */
export function asText(v: Value, p: SqlParams): string | null {
  if (v.kind === "const") return typeof v.value === "string" ? p.text(v.value) : null;
  if (v.kind === "json") return `(CASE WHEN jsonb_typeof(${v.sql}) = 'string' THEN ${v.sql} #>> '{}' END)`;
  if (v.type === "text") return v.sql;
  return v.type === "timestamp" ? isoText(v.sql) : null;
}

export function asBoolean(v: Value, p: SqlParams): string | null {
  if (v.kind === "const") return typeof v.value === "boolean" ? p.bool(v.value) : null;
  if (v.kind === "json") return `(CASE WHEN jsonb_typeof(${v.sql}) = 'boolean' THEN ${v.sql}::boolean END)`;
  return v.type === "boolean" ? v.sql : null;
}

/** jsonb rendering, as used for projections. */
export function asJson(v: Value, p: SqlParams): string {
  if (v.kind === "const") return v.value === undefined ? "NULL::jsonb" : p.json(v.value);
  if (v.kind === "json") return v.sql;
  return v.type === "timestamp" ? `to_jsonb(${isoText(v.sql)})` : `to_jsonb(${v.sql})`;
}

/** `(sql) IS TRUE` turns a predicate into a two-valued boolean. */
export function predToValue(c: Pred): Value {
  return { kind: "typed", type: "boolean", sql: `(${c.sql} IS TRUE)` };
}

/** IoT Hub rule: only boolean true is true. */
export function toPred(c: Compiled, p: SqlParams): Pred {
  if (c.kind === "pred") return c;
  if (c.kind === "const") return pred(c.value === true ? TRUE_SQL : FALSE_SQL);
  if (c.kind === "json") return pred(`(${c.sql} = ${p.json(true)})`);
  return pred(c.type === "boolean" ? c.sql : FALSE_SQL);
}

export function toValue(c: Compiled): Value {
  return c.kind === "pred" ? predToValue(c) : c;
}
