import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "../errors";

/**
 * Registry passwords at rest: AES-256-GCM with a 32-byte key from configuration, a random 96-bit
 * IV per value, and the tag authenticating both. The stored form `v1.<iv>.<tag>.<ciphertext>`
 * (base64url) names its version so the format can change without guessing. `aad` binds a value to
 * its row (the registry id), so a ciphertext copied onto another row does not decrypt.
 */
const VERSION = "v1";

export function sealSecret(plaintext: string, key: Buffer, aad: string, iv: Buffer = randomBytes(12)): string {
  assertKey(key);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function openSecret(sealed: string, key: Buffer, aad: string): string {
  assertKey(key);
  const [version, iv, tag, body, ...rest] = sealed.split(".");
  if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || rest.length) {
    throw new AppError("ServerError", "A stored registry credential has an unknown format");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // Wrong key (EDGEDECK_SECRET_KEY changed or the key file lost) or a tampered value.
    throw new AppError("ServerError", "A stored registry credential cannot be decrypted with the current secret key; enter the password again", {
      reason: "secret-key-mismatch",
    });
  }
}

/**
 * Opens with the first key that fits: the current one, then previous ones (key rotation). `keyIndex`
 * says which; a caller that got > 0 should seal the value again under the current key.
 */
export function openSecretWithKeys(sealed: string, keys: readonly Buffer[], aad: string): { plaintext: string; keyIndex: number } {
  let last: unknown = new AppError("ServerError", "No secret key is configured");
  for (const [keyIndex, key] of keys.entries()) {
    try {
      return { plaintext: openSecret(sealed, key, aad), keyIndex };
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

/** A key given as 64 hex digits or base64 of 32 bytes. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  assertKey(key);
  return key;
}

function assertKey(key: Buffer) {
  if (key.length !== 32) throw new AppError("ServerError", "The secret key must be 32 bytes (64 hex digits or base64)");
}
