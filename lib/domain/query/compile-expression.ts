import type { ArithmeticOp, Expr } from "./ast";
import { compileCall } from "./functions";
import { resolvePath, type Collection } from "./paths";
import { and, compare, inList, not, or } from "./predicates";
import { syntaxError } from "./tokenizer";
import { asNumeric, toPred, toValue, undef, type Compiled, type SqlParams, type Value } from "./values";

export type ExprContext = { collection: Collection; params: SqlParams };

/** Compiles an expression to a value or a predicate; see values.ts for the representations. */
export function compileExpr(e: Expr, ctx: ExprContext): Compiled {
  const p = ctx.params;
  switch (e.kind) {
    case "const":
      return { kind: "const", value: e.value };
    case "array":
      throw syntaxError(`Array constants are only allowed after IN or NIN (position ${e.pos})`, e.pos, "a primitive value");
    case "path":
      return resolvePath(e, ctx.collection, p);
    case "not":
      return not(toPred(compileExpr(e.operand, ctx), p));
    case "logic": {
      const parts = [toPred(compileExpr(e.left, ctx), p), toPred(compileExpr(e.right, ctx), p)];
      return e.op === "AND" ? and(parts) : or(parts);
    }
    case "compare":
      return compare(e.op, value(e.left, ctx), value(e.right, ctx), p);
    case "in": {
      // Nested arrays never equal a primitive: they drop out of the list.
      const items = e.items.flatMap((item): Value[] => (item.kind === "const" ? [{ kind: "const", value: item.value }] : []));
      return inList(value(e.operand, ctx), items, e.negated, p);
    }
    case "neg":
      return arithmetic("-", { kind: "const", value: 0 }, value(e.operand, ctx), p);
    case "arith":
      return arithmetic(e.op, value(e.left, ctx), value(e.right, ctx), p);
    case "call":
      return compileCall(e.name, e.args.map((a) => value(a, ctx)), p);
    case "aggregate":
      throw syntaxError(`Aggregate function ${e.fn} is only allowed in the SELECT list (position ${e.pos})`, e.pos);
  }
}

/** Compiles an expression that must produce a value (predicates become booleans). */
export function value(e: Expr, ctx: ExprContext): Value {
  return toValue(compileExpr(e, ctx));
}

function foldNumbers(op: ArithmeticOp, a: number, b: number): number | undefined {
  if ((op === "/" || op === "%") && b === 0) return undefined;
  const r = op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : op === "/" ? a / b : a % b;
  return Number.isFinite(r) ? r : undefined;
}

/** Arithmetic is defined on numbers only; any other operand (or division by zero) gives undefined. */
function arithmetic(op: ArithmeticOp, a: Value, b: Value, p: SqlParams): Value {
  if (a.kind === "const" && b.kind === "const") {
    if (typeof a.value !== "number" || typeof b.value !== "number") return undef;
    return { kind: "const", value: foldNumbers(op, a.value, b.value) };
  }
  const l = asNumeric(a, p);
  const r = asNumeric(b, p);
  if (l === null || r === null) return undef;
  const sql = op === "/" || op === "%" ? `(${l} ${op} NULLIF(${r}, 0))` : `(${l} ${op} ${r})`;
  return { kind: "typed", type: "number", sql };
}
