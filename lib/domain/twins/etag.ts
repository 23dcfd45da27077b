import { Buffer } from "node:buffer";
import { AppError } from "../errors";

/** Twin ETag: base64 of the version as an 8-byte big-endian counter, as IoT Hub shows it (7 ⇒ `AAAAAAAAAAc=`). */
export function twinEtag(version: number): string {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new AppError("ArgumentInvalid", `twin version must be a non-negative integer, got ${version}`, { path: "version" });
  }
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(version));
  return bytes.toString("base64");
}

/** Identity ETag: base64 of the counter's decimal string, as IoT Hub shows it (`Nzk1MjE0NjM2` = "795214636"). */
export function identityEtag(counter: number): string {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new AppError("ArgumentInvalid", `etag counter must be a non-negative integer, got ${counter}`, { path: "etag" });
  }
  return Buffer.from(String(counter), "utf8").toString("base64");
}

export type IfMatch = { kind: "any" } | { kind: "etag"; etag: string };

/**
 * Reads an If-Match header leniently: the service SDK always quotes (`"etag"`, `"*"`), other clients
 * send bare values or weak validators (`W/"etag"`). Comparison is on the opaque value, so weak and
 * strong forms of the same etag match. Absent or blank ⇒ null (unconditional write).
 */
export function parseIfMatch(header: string | null | undefined): IfMatch | null {
  if (header == null || header.trim() === "") return null;
  let value = header.trim();
  if (value.startsWith("W/")) value = value.slice(2).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  // A quoted empty etag stays an etag: it matches nothing, so the write fails closed with 412.
  if (value === "*") return { kind: "any" };
  return { kind: "etag", etag: value };
}
