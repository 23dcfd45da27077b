import { AppError } from "../errors";
import { isStorableText } from "./tokenizer";

/**
 * Opaque `x-ms-continuation` token: base64url of
 * `{"v":1,"h":"<hash of query text>","k":[lastDeviceId(,lastModuleId)]?,"o":offset?,"r":remainingTop?}`.
 * Keyset queries carry `k`; grouped aggregates carry `o` (a row offset over the groups). The hash
 * ties a token to its query, so a token replayed with another query text is rejected. The token is
 * not signed: a forged key only moves the starting point of the same query (it is always a bound
 * parameter), which grants nothing the query itself could not return.
 */
export type ContinuationState = { key?: string[]; offset?: number; remaining?: number };

/** `keyset`: plain and projection queries (`keyLength` key columns); `offset`: aggregates. */
export type ContinuationShape = { mode: "keyset" | "offset"; keyLength: number; top: number | null };

const MAX_TOKEN_LENGTH = 4096;

/** FNV-1a (32-bit) of the UTF-16 code units: cheap, pure, and enough to tell queries apart. */
export function hashQuery(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

function toBase64Url(s: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(s)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(token: string): string {
  const b64 = token.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

export function encodeContinuation(hash: string, state: ContinuationState): string {
  const body: Record<string, unknown> = { v: 1, h: hash };
  if (state.key) body.k = state.key;
  if (state.offset !== undefined) body.o = state.offset;
  if (state.remaining !== undefined) body.r = state.remaining;
  return toBase64Url(JSON.stringify(body));
}

function invalid(reason: string): AppError {
  return new AppError("ArgumentInvalid", `Invalid continuation token: ${reason}`, { path: "x-ms-continuation" });
}

const isCount = (n: unknown, min: number): n is number => typeof n === "number" && Number.isSafeInteger(n) && n >= min;

export function decodeContinuation(token: string, hash: string, shape: ContinuationShape): ContinuationState {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid("not a token issued by this hub");
  let body: unknown;
  try {
    body = JSON.parse(fromBase64Url(token));
  } catch {
    throw invalid("not a token issued by this hub");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw invalid("malformed");
  const { v, h, k, o, r, ...extra } = body as Record<string, unknown>;
  if (v !== 1 || Object.keys(extra).length > 0) throw invalid("unknown format");
  if (h !== hash) throw invalid("issued for a different query");
  const state: ContinuationState = {};
  if (shape.mode === "offset") {
    if (!isCount(o, 1) || k !== undefined) throw invalid("bad offset");
    state.offset = o;
  } else {
    const validKey = Array.isArray(k) && k.length === shape.keyLength &&
      k.every((x) => typeof x === "string" && x.length > 0 && x.length <= 1024 && isStorableText(x));
    if (!validKey || o !== undefined) throw invalid("bad key");
    state.key = k as string[];
  }
  if (shape.top === null) {
    if (r !== undefined) throw invalid("unexpected remaining count");
  } else {
    if (!isCount(r, 1) || r > shape.top) throw invalid("bad remaining count");
    state.remaining = r;
  }
  return state;
}
