import type { QueryAst, SelectItem } from "./ast";
import { parseCall, parseExpression, parsePath } from "./parse-expression";
import { syntaxError, tokenize } from "./tokenizer";
import { TokenStream } from "./token-stream";

/**
 * `SELECT [TOP n] (* | item [AS alias] {, …}) FROM devices | devices.modules [WHERE cond] [GROUP BY path {, path}]`.
 * Throws AppError("ArgumentInvalid", …, { position, expected? }) on any syntax error.
 */
export function parseQuery(text: string): QueryAst {
  const ts = new TokenStream(tokenize(text));
  ts.expectKeyword("SELECT");
  const top = parseTop(ts);
  const star = ts.acceptOp("*") !== null;
  const items: SelectItem[] = [];
  if (!star) {
    do items.push(parseSelectItem(ts));
    while (ts.acceptOp(","));
  }
  ts.expectKeyword("FROM");
  const from = parseCollection(ts);
  const where = ts.acceptKeyword("WHERE") ? parseExpression(ts) : null;
  const groupBy = [];
  if (ts.acceptKeyword("GROUP")) {
    ts.expectKeyword("BY");
    do groupBy.push(parsePath(ts));
    while (ts.acceptOp(","));
  }
  if (ts.peek().kind !== "eof") {
    throw ts.fail(where || groupBy.length ? "end of query" : "WHERE, GROUP BY or end of query");
  }
  return { top, star, items, from, where, groupBy };
}

function parseTop(ts: TokenStream): number | null {
  if (!ts.acceptKeyword("TOP")) return null;
  const t = ts.peek();
  if (t.kind !== "number" || !Number.isSafeInteger(t.value)) throw ts.fail("a non-negative integer after TOP");
  ts.next();
  return t.value as number;
}

function parseSelectItem(ts: TokenStream): SelectItem {
  const start = ts.peek();
  let expr: SelectItem["expr"];
  if (start.kind === "ident" && ts.isOp("(", 1)) {
    const call = parseCall(ts, true);
    if (call.kind !== "aggregate") {
      throw syntaxError(
        `Expected a property path or an aggregate (COUNT, AVG, SUM, MIN, MAX) but found function '${start.text}' at position ${start.pos}`,
        start.pos,
        "a property path or an aggregate",
      );
    }
    expr = call;
  } else if (start.kind === "ident" || start.kind === "name") {
    expr = parsePath(ts);
  } else {
    throw ts.fail("'*', a property path or an aggregate");
  }
  let alias: string | null = null;
  if (ts.acceptKeyword("AS")) {
    const a = ts.peek();
    if (a.kind !== "ident" && a.kind !== "name" && a.kind !== "string") throw ts.fail("an alias name after AS");
    ts.next();
    alias = String(a.value);
    if (alias.length === 0) throw syntaxError(`Empty alias at position ${a.pos}`, a.pos, "an alias name");
  }
  return { expr, alias, pos: start.pos };
}

function parseCollection(ts: TokenStream): QueryAst["from"] {
  const t = ts.peek();
  if (t.kind !== "ident") throw ts.fail("a collection (devices or devices.modules)");
  ts.next();
  if (t.text.toLowerCase() !== "devices") {
    throw syntaxError(
      `Unknown collection '${t.text}' at position ${t.pos}: expected devices or devices.modules`,
      t.pos,
      "devices or devices.modules",
    );
  }
  if (!ts.acceptOp(".")) return { collection: "devices", pos: t.pos };
  const sub = ts.peek();
  if (sub.kind === "ident" && sub.text.toLowerCase() === "modules") {
    ts.next();
    return { collection: "modules", pos: t.pos };
  }
  if (sub.kind === "ident" && sub.text.toLowerCase() === "jobs") {
    throw syntaxError(`Collection 'devices.jobs' is not supported at position ${sub.pos}`, sub.pos, "modules");
  }
  throw syntaxError(
    `Unknown collection 'devices.${sub.kind === "eof" ? "" : sub.text}' at position ${sub.pos}: expected devices or devices.modules`,
    sub.pos,
    "modules",
  );
}
