import { Buffer } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors";

/**
 * `encodeURIComponent` plus `! ' ( ) *`, byte for byte as the device SDK's
 * `azure-iot-common` does it, including its lower-case hex for those extras (`*` ⇒ `%2a`).
 */
export function encodeUriComponentStrict(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16));
}

const hmacBase64 = (keyBase64: string, data: string): string =>
  createHmac("sha256", Buffer.from(keyBase64, "base64")).update(data, "utf8").digest("base64");

export type SignSasOptions = {
  /** Unencoded `{host}`, `{host}/devices/{id}` or `{host}/devices/{id}/modules/{mid}`. */
  resourceUri: string;
  keyBase64: string;
  /** Absolute expiry, seconds since the Unix epoch (the caller owns the clock). */
  expirySeconds: number;
  /** Hub-level policy name; omitted for device and module keys. */
  policyName?: string;
};

/** Signs exactly like the SDKs (reference §3.2): fields in the SDK's order `sr, sig, skn, se`. */
export function signSasToken(opts: SignSasOptions): string {
  const sr = encodeUriComponentStrict(opts.resourceUri);
  const se = String(Math.floor(opts.expirySeconds));
  const sig = encodeUriComponentStrict(hmacBase64(opts.keyBase64, `${sr}\n${se}`));
  const skn = opts.policyName ? `&skn=${encodeUriComponentStrict(opts.policyName)}` : "";
  return `SharedAccessSignature sr=${sr}&sig=${sig}${skn}&se=${se}`;
}

export type ParsedSasToken = {
  /** `sr` exactly as received: the HMAC input, never to be re-encoded. */
  sr: string;
  /** `sr` URL-decoded: the resource the token grants. */
  audience: string;
  /** Decoded base64 signature. */
  sig: string;
  /** `se` exactly as received (also hashed verbatim) and as a number. */
  seRaw: string;
  se: number;
  /** Decoded policy name, present only for hub-level policy tokens. */
  skn?: string;
};

const unauthorized = (message: string): AppError => new AppError("IotHubUnauthorizedAccess", message);

function decodeField(name: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw unauthorized(`SharedAccessSignature field '${name}' is not valid URL encoding`);
  }
}

/**
 * Parses `SharedAccessSignature sr=…&sig=…&se=…[&skn=…]` in any field order (reference §3.1). Field
 * names are matched case-insensitively, unknown fields ignored; a repeated field is rejected so
 * the signed and the interpreted value can never differ.
 */
export function parseSasToken(token: string): ParsedSasToken {
  const parts = typeof token === "string" ? token.trim().split(/\s+/) : [];
  if (parts.length !== 2 || parts[0] !== "SharedAccessSignature") {
    throw unauthorized("Malformed token: expected 'SharedAccessSignature sr=…&sig=…&se=…'");
  }
  const fields = new Map<string, string>();
  for (const element of (parts[1] ?? "").split("&")) {
    const eq = element.indexOf("=");
    if (eq <= 0) continue;
    const name = element.slice(0, eq).toLowerCase();
    if (fields.has(name)) throw unauthorized(`SharedAccessSignature field '${name}' appears more than once`);
    fields.set(name, element.slice(eq + 1));
  }
  const sr = fields.get("sr");
  const sig = fields.get("sig");
  const seRaw = fields.get("se");
  if (!sr || !sig || !seRaw) throw unauthorized("SharedAccessSignature must contain sr, sig and se");
  if (!/^\d{1,15}$/.test(seRaw)) throw unauthorized("SharedAccessSignature 'se' must be integer seconds since 1970");
  const skn = fields.get("skn");
  return {
    sr,
    audience: decodeField("sr", sr),
    sig: decodeField("sig", sig),
    seRaw,
    se: Number(seRaw),
    ...(skn ? { skn: decodeField("skn", skn) } : {}),
  };
}

export type SasVerification =
  | { ok: true; audience: string; policyName?: string; expiresAt: number }
  | { ok: false; reason: "format" | "signature" | "expired" };

/** Constant-time for equal lengths; the length of a base64 HMAC-SHA256 is public anyway. */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies a token against the identity's or policy's keys (primary and secondary). The HMAC is
 * recomputed over `sr` and `se` as received — senders differ in escape casing (`%2F` vs `%2f`) and
 * some lower-case the whole URI, so re-encoding would reject valid tokens. Empty keys are skipped:
 * an unset secondary key must not turn into an HMAC key anyone can use. `expiresAt` lets
 * long-lived sessions drop the connection when the token runs out.
 */
export function verifySasToken(
  token: string,
  keysBase64: readonly string[],
  nowSeconds: number,
  skewSeconds = 300,
): SasVerification {
  let parsed: ParsedSasToken;
  try {
    parsed = parseSasToken(token);
  } catch {
    return { ok: false, reason: "format" };
  }
  const stringToSign = `${parsed.sr}\n${parsed.seRaw}`;
  let matched = false;
  for (const key of keysBase64) {
    if (typeof key !== "string" || key.trim() === "") continue;
    // No early exit: every key is tried so timing does not reveal which one matched.
    if (sameText(hmacBase64(key, stringToSign), parsed.sig)) matched = true;
  }
  if (!matched) return { ok: false, reason: "signature" };
  if (parsed.se + skewSeconds < nowSeconds) return { ok: false, reason: "expired" };
  return {
    ok: true,
    audience: parsed.audience,
    ...(parsed.skn !== undefined ? { policyName: parsed.skn } : {}),
    expiresAt: parsed.se,
  };
}
