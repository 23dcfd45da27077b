/** Syntax tree of one IoT Hub query. Every node carries its 0-based position in the query text. */

export type Primitive = string | number | boolean | null;

export type PathSegment = { name: string; quoted: boolean; pos: number };

export type ComparisonOp = "=" | "!=" | "<" | ">" | "<=" | ">=";
export type ArithmeticOp = "+" | "-" | "*" | "/" | "%";
export type AggregateFn = "COUNT" | "AVG" | "SUM" | "MIN" | "MAX";

export type Expr =
  | { kind: "const"; value: Primitive | undefined; pos: number }
  | { kind: "array"; items: Expr[]; pos: number }
  | { kind: "path"; segments: PathSegment[]; pos: number }
  | { kind: "not"; operand: Expr; pos: number }
  | { kind: "neg"; operand: Expr; pos: number }
  | { kind: "logic"; op: "AND" | "OR"; left: Expr; right: Expr; pos: number }
  | { kind: "compare"; op: ComparisonOp; left: Expr; right: Expr; pos: number }
  | { kind: "arith"; op: ArithmeticOp; left: Expr; right: Expr; pos: number }
  | { kind: "in"; negated: boolean; operand: Expr; items: Expr[]; pos: number }
  | { kind: "call"; name: string; args: Expr[]; pos: number }
  | { kind: "aggregate"; fn: AggregateFn; arg: Expr | null; pos: number };

export type PathExpr = Extract<Expr, { kind: "path" }>;
export type AggregateExpr = Extract<Expr, { kind: "aggregate" }>;

export type SelectItem = { expr: PathExpr | AggregateExpr; alias: string | null; pos: number };

export type QueryAst = {
  top: number | null;
  /** `SELECT *` when true; `items` is empty then. */
  star: boolean;
  items: SelectItem[];
  from: { collection: "devices" | "modules"; pos: number };
  where: Expr | null;
  groupBy: PathExpr[];
};

/** Functions usable in WHERE, by canonical (upper-case, underscore) name, with their arity. */
export const FUNCTIONS: Record<string, number> = {
  IS_DEFINED: 1,
  IS_NULL: 1,
  IS_BOOL: 1,
  IS_NUMBER: 1,
  IS_STRING: 1,
  IS_OBJECT: 1,
  IS_ARRAY: 1,
  IS_PRIMITIVE: 1,
  STARTS_WITH: 2,
  ENDS_WITH: 2,
  CONTAINS: 2,
  LOWER: 1,
  UPPER: 1,
  LENGTH: 1,
};

const ALIASES: Record<string, string> = { STARTSWITH: "STARTS_WITH", ENDSWITH: "ENDS_WITH" };

export const AGGREGATES: ReadonlySet<string> = new Set(["COUNT", "AVG", "SUM", "MIN", "MAX"]);

/** Canonical function name for any accepted spelling, or null when unknown. */
export function canonicalFunction(name: string): string | null {
  const upper = name.toUpperCase();
  const canonical = ALIASES[upper] ?? upper;
  return canonical in FUNCTIONS || AGGREGATES.has(canonical) ? canonical : null;
}
