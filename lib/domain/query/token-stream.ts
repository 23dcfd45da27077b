import type { AppError } from "../errors";
import { describeToken, syntaxError, type Token } from "./tokenizer";

/** Cursor over the token list with the "expected X but found Y" error helpers. */
export class TokenStream {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.index++;
    return t;
  }

  isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "op" && t.text === text;
  }

  isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "keyword" && t.value === word;
  }

  acceptOp(text: string): Token | null {
    return this.isOp(text) ? this.next() : null;
  }

  acceptKeyword(word: string): Token | null {
    return this.isKeyword(word) ? this.next() : null;
  }

  expectOp(text: string): Token {
    if (!this.isOp(text)) throw this.fail(`'${text}'`);
    return this.next();
  }

  expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) throw this.fail(word);
    return this.next();
  }

  /** Error for the current token: "Expected <expected> but found <token> at position <n>". */
  fail(expected: string, token: Token = this.peek()): AppError {
    return syntaxError(
      `Expected ${expected} but found ${describeToken(token)} at position ${token.pos}`,
      token.pos,
      expected,
    );
  }
}
