import { describeToken, type Token } from "./route-lexer";

/**
 * Recursive-descent check of a route condition (reference §7, edgeHub Condition.g4): precedence
 * unary `-`/NOT, `* / %`, `+ - ||`, `< <= > >=`, `= != <>`, AND, OR, `??`. It validates; edgeHub
 * does the evaluating. Things edgeHub accepts but that rarely mean what the author meant (an
 * upper-case `TRUE` is an application property named "TRUE") come back as warnings.
 */
export type RouteWarning = { message: string; offset: number };
export class RouteSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Builtins edgeHub registers (names case-insensitive) with their argument counts [min, max]. */
export const ROUTE_FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  abs: [1, 1], exp: [1, 1], power: [2, 2], square: [1, 1], ceiling: [1, 1], floor: [1, 1], sign: [1, 1], sqrt: [1, 1],
  as_number: [1, 1], is_bool: [1, 1], is_defined: [1, 1], is_null: [1, 1], is_number: [1, 1], is_string: [1, 1],
  concat: [2, Number.POSITIVE_INFINITY], length: [1, 1], lower: [1, 1], upper: [1, 1], substring: [2, 3],
  index_of: [2, 2], starts_with: [2, 2], ends_with: [2, 2], contains: [2, 2], twin_change_includes: [1, 1],
};
/** IoT Hub routing spellings edgeHub does not register (§7), with what to write instead. */
const FUNCTION_HINTS: Record<string, string> = {
  startswith: "edgeHub spells it starts_with",
  endswith: "edgeHub spells it ends_with",
  indexof: "edgeHub spells it index_of",
  is_array: "IS_ARRAY exists in IoT Hub routing only, not in edgeHub",
  is_object: "IS_OBJECT exists in IoT Hub routing only, not in edgeHub",
  is_primitive: "IS_PRIMITIVE exists in IoT Hub routing only, not in edgeHub",
};
export const SYSTEM_PROPERTIES = [
  "messageId", "to", "correlationId", "userId", "ack", "connectionDeviceId", "connectionModuleId", "connectionDeviceGenerationId",
  "connectionAuthMethod", "contentType", "contentEncoding", "enqueuedTime", "outputName", "inputName",
];
const SYSTEM_PROPERTY_SET = new Set(SYSTEM_PROPERTIES.map((p) => p.toLowerCase()));
const LITERAL_WORDS = new Set(["true", "false", "null", "undefined"]);
/** Characters edgeHub lets into a property name that almost always were meant as an operator. */
const SUSPICIOUS_NAME = /[!|&*+%'"]/;

export class ConditionParser {
  private i = 0;
  readonly warnings: RouteWarning[] = [];

  constructor(
    private readonly tokens: Token[],
    start: number,
  ) {
    this.i = start;
  }

  get position(): number {
    return this.i;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.kind === "op" && ops.includes(t.text);
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === "keyword" && t.text.toUpperCase() === word;
  }

  private fail(expected: string): never {
    const t = this.peek();
    throw new RouteSyntaxError(`expected ${expected} at ${t.offset}, found ${describeToken(t, this.tokens[this.i - 1])}`, t.offset);
  }

  /** condition := coalesce; stops before the first token it cannot use (INTO, normally). */
  parseCondition(): void {
    this.binary(0);
  }

  private static readonly LEVELS: ReadonlyArray<(p: ConditionParser) => boolean> = [
    (p) => p.isOp("??"),
    (p) => p.isKeyword("OR"),
    (p) => p.isKeyword("AND"),
    (p) => p.isOp("=", "!=", "<>"),
    (p) => p.isOp("<", "<=", ">", ">="),
    (p) => p.isOp("+", "-", "||"),
    (p) => p.isOp("*", "/", "%"),
  ];

  private binary(level: number): void {
    if (level === ConditionParser.LEVELS.length) return this.unary();
    this.binary(level + 1);
    while (ConditionParser.LEVELS[level]!(this)) {
      this.i++;
      this.binary(level + 1);
    }
  }

  private unary(): void {
    if (this.isOp("-") || this.isKeyword("NOT")) {
      this.i++;
      return this.unary();
    }
    this.primary();
  }

  private primary(): void {
    const t = this.peek();
    if (t.kind === "string" || t.kind === "number" || t.kind === "literal") {
      this.i++;
      return;
    }
    if (this.isOp("(")) {
      this.i++;
      this.parseCondition();
      if (!this.isOp(")")) this.fail("')'");
      this.i++;
      return;
    }
    if (this.isOp("{")) {
      this.i++;
      if (this.peek().kind !== "sys") this.fail("a system property such as $contentType after '{'");
      this.systemProperty(this.peek());
      this.i++;
      if (!this.isOp("}")) this.fail("'}'");
      this.i++;
      return;
    }
    if (t.kind === "sys") {
      this.systemProperty(t);
      this.i++;
      return;
    }
    if (t.kind === "id") {
      this.i++;
      if (this.isOp("(")) return this.functionCall(t);
      return this.applicationProperty(t);
    }
    this.fail("an operand (a literal, property, $system property or function call)");
  }

  private functionCall(name: Token): void {
    const key = name.text.toLowerCase();
    const arity = ROUTE_FUNCTIONS[key];
    if (!arity) {
      const hint = FUNCTION_HINTS[key];
      throw new RouteSyntaxError(`unknown function '${name.text}' at ${name.offset}${hint ? ` (${hint})` : ""}`, name.offset);
    }
    this.i++; // (
    let count = 0;
    if (!this.isOp(")")) {
      for (;;) {
        this.parseCondition();
        count++;
        if (!this.isOp(",")) break;
        this.i++;
      }
    }
    if (!this.isOp(")")) this.fail(`',' or ')' in the arguments of ${name.text}`);
    this.i++;
    const [min, max] = arity;
    if (count < min || count > max) {
      const wanted = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
      throw new RouteSyntaxError(`function '${name.text}' at ${name.offset} takes ${wanted} argument${wanted === "1" ? "" : "s"}, got ${count}`, name.offset);
    }
  }

  private applicationProperty(t: Token): void {
    if (LITERAL_WORDS.has(t.text.toLowerCase())) {
      this.warnings.push({ offset: t.offset, message: `'${t.text}' at ${t.offset} is read as an application property: literals are lower-case only (${t.text.toLowerCase()})` });
    } else if (SUSPICIOUS_NAME.test(t.text)) {
      this.warnings.push({ offset: t.offset, message: `'${t.text}' at ${t.offset} is read as one property name: put spaces around operators` });
    }
  }

  private systemProperty(t: Token): void {
    const name = t.text.slice(1).split(/[.[]/)[0]!;
    if (name.toLowerCase() === "body" || SYSTEM_PROPERTY_SET.has(name.toLowerCase())) return;
    this.warnings.push({ offset: t.offset, message: `'${t.text}' at ${t.offset} is not an edgeHub system property (${SYSTEM_PROPERTIES.join(", ")}, $body.…); it only matches an application property of that name` });
  }
}
