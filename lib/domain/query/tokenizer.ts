import { AppError } from "../errors";
import { isStorableText } from "../storable-text";

/**
 * Lexer for the IoT Hub query language.
 *
 * String literals: '…' or "…". Both quoting styles accept the JSON backslash escapes
 * (\' \" \\ \/ \b \f \n \r \t \uXXXX) AND a doubled quote character ('' inside '…', "" inside "…").
 * `[[…]]` quotes a property name verbatim (no escapes; ends at the first `]]`). It is only read as a
 * name where a path segment can start (after `.` or where no array literal can start); `IN [[1]]`
 * is an array of arrays.
 */
export type TokenKind = "ident" | "keyword" | "number" | "string" | "name" | "op" | "eof";

export type Token = { kind: TokenKind; text: string; value?: string | number; pos: number };

export const MAX_QUERY_LENGTH = 8192;

const KEYWORDS = new Set([
  "SELECT", "TOP", "FROM", "WHERE", "GROUP", "BY", "AS", "AND", "OR", "NOT", "IN", "NIN",
  "TRUE", "FALSE", "NULL", "UNDEFINED",
]);

const OPERATORS = ["<=", ">=", "!=", "<>", "=", "<", ">", "(", ")", "[", "]", ",", ".", "+", "-", "*", "/", "%"];

const IDENT_START = /[\p{L}_$]/u;
const IDENT_PART = /[\p{L}\p{N}_$]/u;

const SIMPLE_ESCAPES: Record<string, string> = {
  "'": "'", '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t",
};

export function syntaxError(message: string, position: number, expected?: string): AppError {
  const details: { position: number; expected?: string } = { position };
  if (expected !== undefined) details.expected = expected;
  return new AppError("ArgumentInvalid", message, details);
}

export { isStorableText };

export function describeToken(t: Token): string {
  return t.kind === "eof" ? "end of query" : `'${t.text}'`;
}

/** Tokens after which `[[` opens an array literal rather than a quoted name. */
function arrayCanStart(prev: Token | undefined): boolean {
  if (!prev) return false;
  if (prev.kind === "keyword") return prev.value === "IN" || prev.value === "NIN";
  return prev.kind === "op" && (prev.text === "[" || prev.text === ",");
}

export function tokenize(text: string): Token[] {
  if (text.length > MAX_QUERY_LENGTH) {
    throw syntaxError(`Query is ${text.length} characters long; the maximum is ${MAX_QUERY_LENGTH}`, MAX_QUERY_LENGTH);
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const prev = tokens[tokens.length - 1];
    if (text.startsWith("[[", i) && (prev?.text === "." || !arrayCanStart(prev))) {
      const end = text.indexOf("]]", i + 2);
      if (end < 0) throw syntaxError(`Unterminated quoted name starting at position ${i}: expected ']]'`, i, "]]");
      const name = text.slice(i + 2, end);
      if (name.length === 0) throw syntaxError(`Empty quoted name '[[]]' at position ${i}`, i, "name");
      if (!isStorableText(name)) throw syntaxError(`NUL character or unpaired surrogate in quoted name at position ${i}`, i);
      tokens.push({ kind: "name", text: text.slice(i, end + 2), value: name, pos: i });
      i = end + 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const { value, end } = readString(text, i);
      tokens.push({ kind: "string", text: text.slice(i, end), value, pos: i });
      i = end;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const { value, end } = readNumber(text, i);
      tokens.push({ kind: "number", text: text.slice(i, end), value, pos: i });
      i = end;
      continue;
    }
    if (IDENT_START.test(ch)) {
      let end = i + 1;
      while (end < text.length && IDENT_PART.test(text[end]!)) end++;
      const word = text.slice(i, end);
      const upper = word.toUpperCase();
      // After '.', keywords are ordinary segment names (tags.group, tags.select).
      if (KEYWORDS.has(upper) && prev?.text !== ".") {
        tokens.push({ kind: "keyword", text: word, value: upper, pos: i });
      } else {
        tokens.push({ kind: "ident", text: word, value: word, pos: i });
      }
      i = end;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) {
      throw syntaxError(`Unexpected character '${ch}' at position ${i}`, i, "a token");
    }
    tokens.push({ kind: "op", text: op, pos: i });
    i += op.length;
  }
  tokens.push({ kind: "eof", text: "", pos: text.length });
  return tokens;
}

function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start]!;
  let out = "";
  let i = start + 1;
  for (;;) {
    if (i >= text.length) {
      throw syntaxError(`Unterminated string starting at position ${start}: expected closing ${quote}`, start, quote);
    }
    const c = text[i]!;
    if (c === quote) {
      if (text[i + 1] === quote) {
        out += quote;
        i += 2;
        continue;
      }
      if (!isStorableText(out)) throw syntaxError(`Unpaired surrogate in string starting at position ${start}`, start);
      return { value: out, end: i + 1 };
    }
    if (c === "\u0000") throw syntaxError(`NUL character in string at position ${i}`, i);
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e !== undefined && e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      i += 2;
    } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      const code = parseInt(text.slice(i + 2, i + 6), 16);
      if (code === 0) throw syntaxError(`NUL character in string at position ${i}`, i);
      out += String.fromCharCode(code);
      i += 6;
    } else {
      throw syntaxError(`Invalid escape sequence '\\${e ?? ""}' in string at position ${i}`, i, "escape sequence");
    }
  }
}

function readNumber(text: string, start: number): { value: number; end: number } {
  const rest = text.slice(start);
  const m = /^0[xX][0-9a-fA-F]+/.exec(rest) ?? /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(rest);
  const lexeme = m![0];
  const end = start + lexeme.length;
  if (end < text.length && IDENT_PART.test(text[end]!)) {
    throw syntaxError(`Invalid number '${text.slice(start, end + 1)}' at position ${start}`, start, "number");
  }
  const value = /^0[xX]/.test(lexeme) ? parseInt(lexeme.slice(2), 16) : Number(lexeme);
  if (!Number.isFinite(value)) throw syntaxError(`Number out of range at position ${start}`, start, "number");
  return { value, end };
}
