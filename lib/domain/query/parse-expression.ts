import { AGGREGATES, canonicalFunction, FUNCTIONS, type AggregateFn, type ComparisonOp, type Expr, type PathExpr } from "./ast";
import { syntaxError, type Token } from "./tokenizer";
import type { TokenStream } from "./token-stream";

/* Precedence, loosest first: OR, AND, NOT, comparison / IN / NIN, + -, * / %, unary -. */

const COMPARISON: Record<string, ComparisonOp> = { "=": "=", "!=": "!=", "<>": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">=" };

export function parseExpression(ts: TokenStream): Expr {
  return parseOr(ts);
}

function parseOr(ts: TokenStream): Expr {
  let left = parseAnd(ts);
  for (let t = ts.acceptKeyword("OR"); t; t = ts.acceptKeyword("OR")) {
    left = { kind: "logic", op: "OR", left, right: parseAnd(ts), pos: t.pos };
  }
  return left;
}

function parseAnd(ts: TokenStream): Expr {
  let left = parseNot(ts);
  for (let t = ts.acceptKeyword("AND"); t; t = ts.acceptKeyword("AND")) {
    left = { kind: "logic", op: "AND", left, right: parseNot(ts), pos: t.pos };
  }
  return left;
}

function parseNot(ts: TokenStream): Expr {
  const t = ts.acceptKeyword("NOT");
  if (t) return { kind: "not", operand: parseNot(ts), pos: t.pos };
  return parseComparison(ts);
}

function parseComparison(ts: TokenStream): Expr {
  const left = parseAdditive(ts);
  const t = ts.peek();
  if (t.kind === "op" && t.text in COMPARISON) {
    ts.next();
    return { kind: "compare", op: COMPARISON[t.text]!, left, right: parseAdditive(ts), pos: t.pos };
  }
  const notIn = ts.isKeyword("NOT") && ts.isKeyword("IN", 1);
  if (notIn || ts.isKeyword("IN") || ts.isKeyword("NIN")) {
    const negated = notIn || ts.isKeyword("NIN");
    if (notIn) ts.next();
    ts.next();
    if (!ts.isOp("[")) throw ts.fail("'[' starting the list of values");
    const list = parseArray(ts);
    return { kind: "in", negated, operand: left, items: list.items, pos: t.pos };
  }
  return left;
}

function parseAdditive(ts: TokenStream): Expr {
  let left = parseMultiplicative(ts);
  for (;;) {
    const t = ts.peek();
    if (!(t.kind === "op" && (t.text === "+" || t.text === "-"))) return left;
    ts.next();
    left = { kind: "arith", op: t.text as "+" | "-", left, right: parseMultiplicative(ts), pos: t.pos };
  }
}

function parseMultiplicative(ts: TokenStream): Expr {
  let left = parseUnary(ts);
  for (;;) {
    const t = ts.peek();
    if (!(t.kind === "op" && (t.text === "*" || t.text === "/" || t.text === "%"))) return left;
    ts.next();
    left = { kind: "arith", op: t.text as "*" | "/" | "%", left, right: parseUnary(ts), pos: t.pos };
  }
}

function parseUnary(ts: TokenStream): Expr {
  const t = ts.acceptOp("-");
  if (!t) return parsePrimary(ts);
  const operand = parseUnary(ts);
  // Fold negative literals so that `IN [-1]` stays a list of constants.
  if (operand.kind === "const" && typeof operand.value === "number") {
    return { kind: "const", value: -operand.value, pos: t.pos };
  }
  return { kind: "neg", operand, pos: t.pos };
}

function parsePrimary(ts: TokenStream): Expr {
  const t = ts.peek();
  if (t.kind === "number" || t.kind === "string") {
    ts.next();
    return { kind: "const", value: t.value!, pos: t.pos };
  }
  if (t.kind === "keyword") {
    const constants: Record<string, null | boolean | undefined> = { TRUE: true, FALSE: false, NULL: null, UNDEFINED: undefined };
    if (String(t.value) in constants) {
      ts.next();
      return { kind: "const", value: constants[String(t.value)], pos: t.pos };
    }
  }
  if (ts.isOp("[")) return parseArray(ts);
  if (ts.acceptOp("(")) {
    const inner = parseOr(ts);
    ts.expectOp(")");
    return inner;
  }
  if (t.kind === "ident" && ts.isOp("(", 1)) return parseCall(ts, false);
  if (t.kind === "ident" || t.kind === "name") return parsePath(ts);
  throw ts.fail("an expression");
}

function parseArray(ts: TokenStream): Extract<Expr, { kind: "array" }> {
  const open = ts.expectOp("[");
  const items: Expr[] = [];
  if (!ts.acceptOp("]")) {
    do {
      const item = parseUnary(ts);
      if (item.kind !== "const" && item.kind !== "array") {
        throw syntaxError(`Expected a constant in the list at position ${item.pos}`, item.pos, "constant");
      }
      items.push(item);
    } while (ts.acceptOp(","));
    ts.expectOp("]");
  }
  return { kind: "array", items, pos: open.pos };
}

/** Function call; aggregates only where `allowAggregates` (the SELECT list). */
export function parseCall(ts: TokenStream, allowAggregates: boolean): Expr {
  const nameToken = ts.next();
  const name = canonicalFunction(nameToken.text);
  if (!name) {
    throw syntaxError(`Unknown function '${nameToken.text}' at position ${nameToken.pos}`, nameToken.pos, "a known function");
  }
  ts.expectOp("(");
  const args: Expr[] = [];
  if (name === "COUNT" && ts.isOp("*") && ts.isOp(")", 1)) ts.next(); // COUNT(*) reads as COUNT()
  else if (!ts.isOp(")")) {
    do args.push(parseOr(ts));
    while (ts.acceptOp(","));
  }
  ts.expectOp(")");
  if (AGGREGATES.has(name)) {
    if (!allowAggregates) {
      throw syntaxError(
        `Aggregate function ${name} is only allowed in the SELECT list (position ${nameToken.pos})`,
        nameToken.pos,
      );
    }
    const arity = name === "COUNT" ? 0 : 1;
    checkArity(nameToken, name, args, arity);
    return { kind: "aggregate", fn: name as AggregateFn, arg: args[0] ?? null, pos: nameToken.pos };
  }
  checkArity(nameToken, name, args, FUNCTIONS[name]!);
  return { kind: "call", name, args, pos: nameToken.pos };
}

function checkArity(token: Token, name: string, args: Expr[], arity: number): void {
  if (args.length !== arity) {
    throw syntaxError(
      `Function ${name} takes ${arity} argument${arity === 1 ? "" : "s"} but ${args.length} were given at position ${token.pos}`,
      token.pos,
      `${arity} arguments`,
    );
  }
}

export function parsePath(ts: TokenStream): PathExpr {
  const first = ts.peek();
  if (first.kind !== "ident" && first.kind !== "name") throw ts.fail("a property path");
  const segments = [segment(ts.next())];
  while (ts.acceptOp(".")) {
    const t = ts.peek();
    if (t.kind !== "ident" && t.kind !== "name") throw ts.fail("a property name after '.'");
    segments.push(segment(ts.next()));
  }
  return { kind: "path", segments, pos: first.pos };
}

function segment(t: Token): PathExpr["segments"][number] {
  return { name: String(t.value), quoted: t.kind === "name", pos: t.pos };
}
