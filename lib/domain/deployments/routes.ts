import { isJsonObject, type JsonValue } from "../twins";
import { ConditionParser, RouteSyntaxError, type RouteWarning } from "./route-condition";
import { describeToken, tokenize, type Token } from "./route-lexer";

/**
 * edgeHub route grammar (reference §7):
 *   [SELECT *] FROM source [WHERE condition] INTO ($upstream | BrokeredEndpoint("/modules/{m}/inputs/{i}"))
 * Syntax errors fail with the character offset of the offending token; accepted-but-suspicious
 * routes succeed with warnings (the linter shows them).
 */
export type { RouteWarning } from "./route-condition";
export type RouteSink = { kind: "upstream" } | { kind: "module"; module: string; input: string };
export type ParsedRoute = { source: string; sourceModule: string | null; sourceOutput: string | null; condition: string | null; sink: RouteSink };
export type ParseRouteResult = { ok: true; route: ParsedRoute; warnings: RouteWarning[] } | { ok: false; message: string; offset: number };

class Cursor {
  i = 0;
  constructor(readonly tokens: Token[]) {}
  peek(): Token {
    return this.tokens[this.i]!;
  }
  next(): Token {
    return this.tokens[this.i++]!;
  }
  isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === "keyword" && t.text.toUpperCase() === word;
  }
  isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.text === op;
  }
  fail(expected: string): never {
    const t = this.peek();
    throw new RouteSyntaxError(`expected ${expected} at ${t.offset}, found ${describeToken(t, this.tokens[this.i - 1])}`, t.offset);
  }
}

const KNOWN_SOURCES = [
  /^\/\*$/,
  /^\/twinchangenotifications$/,
  /^\/messages(\/\*)?$/,
  /^\/messages\/modules(\/\*)?$/,
  /^\/messages\/modules\/[^/*]+(\/\*)?$/,
  /^\/messages\/modules\/[^/*]+\/outputs(\/\*)?$/,
  /^\/messages\/modules\/[^/*]+\/outputs\/[^/*]+$/,
];

function parseSource(c: Cursor, warnings: RouteWarning[]): Pick<ParsedRoute, "source" | "sourceModule" | "sourceOutput"> {
  const start = c.peek().offset;
  const items: string[] = [];
  if (!c.isOp("/")) c.fail("a source path starting with '/' (e.g. /messages/*)");
  while (c.isOp("/")) {
    c.next();
    const item = c.peek();
    if (item.kind === "id" || (item.kind === "op" && item.text === "*")) items.push(c.next().text);
    else if (item.kind === "keyword") c.fail(`a path segment (${item.text.toUpperCase()} is a keyword and cannot be one)`);
    else c.fail("a path segment or '*'");
  }
  const source = `/${items.join("/")}`;
  if (!KNOWN_SOURCES.some((re) => re.test(source.toLowerCase()))) {
    warnings.push({
      offset: start,
      message: `source '${source}' at ${start} matches no edgeHub message source (/messages/*, /messages/modules/{m}/outputs/{o}, /twinChangeNotifications, /*; '*' only at the end)`,
    });
  }
  const isModules = items[0]?.toLowerCase() === "messages" && items[1]?.toLowerCase() === "modules";
  const moduleItem = isModules ? items[2] : undefined;
  const outputItem = isModules && items[3]?.toLowerCase() === "outputs" ? items[4] : undefined;
  return {
    source,
    sourceModule: moduleItem !== undefined && moduleItem !== "*" ? moduleItem : null,
    sourceOutput: outputItem !== undefined && outputItem !== "*" ? outputItem : null,
  };
}

function parseSink(c: Cursor): RouteSink {
  const t = c.peek();
  if (t.kind === "sys") {
    if (t.text.toLowerCase() !== "$upstream") throw new RouteSyntaxError(`unknown system endpoint '${t.text}' at ${t.offset} (only $upstream)`, t.offset);
    c.next();
    return { kind: "upstream" };
  }
  if (t.kind !== "id") c.fail('a sink: $upstream or BrokeredEndpoint("/modules/{module}/inputs/{input}")');
  if (t.text.toLowerCase() !== "brokeredendpoint") {
    throw new RouteSyntaxError(`unknown endpoint '${t.text}' at ${t.offset} (only $upstream and BrokeredEndpoint("/modules/{module}/inputs/{input}"))`, t.offset);
  }
  c.next();
  if (!c.isOp("(")) c.fail("'(' after BrokeredEndpoint");
  c.next();
  const address = c.peek();
  if (address.kind !== "string") c.fail('a quoted address like "/modules/{module}/inputs/{input}"');
  c.next();
  if (!c.isOp(")")) c.fail("')' after the BrokeredEndpoint address");
  c.next();
  const segments = (address.value ?? "").split("/");
  const [lead, modules, module, inputs, input] = segments;
  if (segments.length !== 5 || lead !== "" || modules?.toLowerCase() !== "modules" || inputs?.toLowerCase() !== "inputs" || !module || !input) {
    throw new RouteSyntaxError(
      `BrokeredEndpoint address '${address.value}' at ${address.offset + 1} must be "/modules/{module}/inputs/{input}" (exactly 4 segments)`,
      address.offset + 1,
    );
  }
  return { kind: "module", module, input };
}

export function parseRoute(text: string): ParseRouteResult {
  const lexed = tokenize(text);
  if (!lexed.ok) return lexed;
  const c = new Cursor(lexed.tokens);
  const warnings: RouteWarning[] = [];
  try {
    if (c.peek().kind === "eof") return { ok: false, message: `expected FROM at ${c.peek().offset}, found an empty route`, offset: c.peek().offset };
    if (c.isKeyword("SELECT")) {
      c.next();
      if (!c.isOp("*")) c.fail("'*' after SELECT");
      c.next();
    }
    if (!c.isKeyword("FROM")) c.fail("FROM");
    c.next();
    const source = parseSource(c, warnings);
    let condition: string | null = null;
    if (c.isKeyword("WHERE")) {
      c.next();
      const first = c.peek();
      const parser = new ConditionParser(c.tokens, c.i);
      parser.parseCondition();
      c.i = parser.position;
      warnings.push(...parser.warnings);
      if (!c.isKeyword("INTO")) c.fail("INTO or an operator");
      condition = text.slice(first.offset, c.tokens[c.i - 1]!.end);
    }
    if (!c.isKeyword("INTO")) c.fail(c.tokens[c.i - 1]!.kind === "keyword" ? "INTO" : "WHERE or INTO");
    c.next();
    const sink = parseSink(c);
    if (c.peek().kind !== "eof") c.fail("end of route after the sink");
    return { ok: true, route: { ...source, condition, sink }, warnings };
  } catch (error) {
    if (!(error instanceof RouteSyntaxError)) throw error;
    // A comment glued to the source path (`/messages/* … */`) swallowed part of the route: say so.
    const glued = lexed.comments.find((m) => m.offset > 0 && m.offset < error.offset && !/\s/.test(text[m.offset - 1]!));
    if (glued) {
      return {
        ok: false,
        message: `'/*' at ${glued.offset} starts a comment that runs to ${glued.end} (edgeHub reads '/*' as a comment opener whenever a '*/' follows, even in a source such as /messages/*), so the route ends early: ${error.message}`,
        offset: glued.offset,
      };
    }
    return { ok: false, message: error.message, offset: error.offset };
  }
}

/** A route value in `$edgeHub` desired: a string, or (schema ≥ 1.1) `{ route, priority, timeToLiveSecs }`. */
export function routeText(value: JsonValue | undefined): string | null {
  if (typeof value === "string") return value;
  if (isJsonObject(value) && typeof value.route === "string") return value.route;
  return null;
}
