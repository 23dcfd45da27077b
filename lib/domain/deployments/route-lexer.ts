/**
 * Tokenizer for edgeHub routes, modelled on edgeHub's ANTLR lexer (reference §7): longest match
 * wins and, on a tie, literals/keywords/operators beat identifiers. Identifier characters are
 * everything except `()<>@,;:\"/[]?={}` and whitespace, which is why `a!=b` lexes as `a!` `=` `b`
 * in edgeHub; the parser turns such surprises into warnings. Keywords are case-insensitive,
 * `true false null undefined` are lower-case only.
 */
export type TokenKind = "keyword" | "literal" | "id" | "sys" | "string" | "number" | "op" | "eof";
export type Token = { kind: TokenKind; text: string; offset: number; end: number; value?: string };
export type Comment = { offset: number; end: number };
export type LexResult = { ok: true; tokens: Token[]; comments: Comment[] } | { ok: false; message: string; offset: number };

const KEYWORDS = new Set(["SELECT", "FROM", "WHERE", "INTO", "AND", "OR", "NOT"]);
const LITERALS = new Set(["true", "false", "null", "undefined"]);
const TWO_CHAR_OPS = ["!=", "<>", "<=", ">=", "||", "??"];
const ONE_CHAR_OPS = new Set(["(", ")", ",", "+", "-", "*", "/", "%", "=", ">", "<", "{", "}"]);
const NOT_ID = new Set([..."()<>@,;:\\\"/[]?={} \t\n\r"]);
const isIdChar = (c: string | undefined) => c !== undefined && !NOT_ID.has(c);
const isPathChar = (c: string | undefined) => c !== undefined && (isIdChar(c) || c === "[" || c === "]");

function runLength(text: string, from: number, accept: (c: string | undefined) => boolean): number {
  let i = from;
  while (accept(text[i])) i++;
  return i - from;
}

/** Length of an INTEGER, HEX or REAL literal at `from` (0 when none), as the lexer grammar defines them. */
function numberLength(text: string, from: number): number {
  const rest = text.slice(from);
  const m = /^0[xX][0-9a-fA-F]+/.exec(rest) ?? /^-?(?:[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+|[0-9]+)/.exec(rest);
  return m ? m[0].length : 0;
}

/** Scans a quoted string; the only escapes are \' \" \\ and \uXXXX. */
function scanString(text: string, from: number): { ok: true; end: number; value: string } | { ok: false; message: string; offset: number } {
  const quote = text[from]!;
  let value = "";
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === quote) return { ok: true, end: i + 1, value };
    if (c !== "\\") {
      value += c;
      continue;
    }
    const next = text[i + 1];
    if (next === "'" || next === '"' || next === "\\") {
      value += next;
      i++;
    } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      return { ok: false, message: `invalid escape '\\${next ?? ""}' at ${i} (only \\' \\" \\\\ and \\uXXXX are allowed)`, offset: i };
    }
  }
  return { ok: false, message: `unterminated string starting at ${from}`, offset: from };
}

export function tokenize(text: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const push = (kind: TokenKind, offset: number, end: number, value?: string) => tokens.push({ kind, text: text.slice(offset, end), offset, end, value });
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // A comment needs its closing `*/`; edgeHub's lexer takes the longest match, so `/*` opens a
    // comment even inside a source path like `/messages/*` when a `*/` follows anywhere later.
    if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      if (close >= 0) {
        comments.push({ offset: i, end: close + 2 });
        i = close + 2;
        continue;
      }
    }
    if (c === "'" || c === '"') {
      const s = scanString(text, i);
      if (!s.ok) return s;
      push("string", i, s.end, s.value);
      i = s.end;
      continue;
    }
    const idLength = runLength(text, i, isIdChar);
    const numLength = numberLength(text, i);
    if (numLength > 0 && numLength >= idLength) {
      push("number", i, i + numLength);
      i += numLength;
      continue;
    }
    if (c === "$") {
      const pathLength = 1 + runLength(text, i + 1, isPathChar);
      if (pathLength > 1 && pathLength >= idLength) {
        push("sys", i, i + pathLength);
        i += pathLength;
        continue;
      }
    }
    const op = TWO_CHAR_OPS.find((o) => text.startsWith(o, i)) ?? (ONE_CHAR_OPS.has(c) ? c : undefined);
    if (op !== undefined && op.length >= idLength) {
      push("op", i, i + op.length);
      i += op.length;
      continue;
    }
    if (idLength > 0) {
      const word = text.slice(i, i + idLength);
      push(KEYWORDS.has(word.toUpperCase()) ? "keyword" : LITERALS.has(word) ? "literal" : "id", i, i + idLength);
      i += idLength;
      continue;
    }
    return { ok: false, message: `unexpected character '${c}' at ${i}`, offset: i };
  }
  tokens.push({ kind: "eof", text: "", offset: text.length, end: text.length });
  return { ok: true, tokens, comments };
}

/** `found …` text for an error, with a hint for habits from other languages. */
export function describeToken(token: Token, previous?: Token): string {
  if (token.kind === "eof") return "end of route";
  if (token.kind === "keyword") return token.text.toUpperCase();
  if (token.text === "&&") return "'&&' (use AND)";
  if (token.text === "=" && previous?.text === "=" && previous.end === token.offset) return "'=' (equality is a single =)";
  return `'${token.text}'`;
}
