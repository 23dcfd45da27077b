import { AppError } from "../errors";
import { type JsonObject, type JsonValue } from "./json";
import { stripControlChars, utf8Length } from "./utf8";

export type TwinSection = "tags" | "desired" | "reported";

/** Section budgets from reference §2.4, in bytes as measured by `twinSectionSize`. */
export const TWIN_TAGS_MAX_BYTES = 8192;
export const TWIN_DESIRED_MAX_BYTES = 32768;
export const TWIN_REPORTED_MAX_BYTES = 32768;
export const TWIN_SECTION_MAX_BYTES: Readonly<Record<TwinSection, number>> = {
  tags: TWIN_TAGS_MAX_BYTES,
  desired: TWIN_DESIRED_MAX_BYTES,
  reported: TWIN_REPORTED_MAX_BYTES,
};

/**
 * Size of one value with IoT Hub's documented algorithm. The docs say strings count "characters"
 * excluding control characters; we count UTF-8 bytes of the string with C0/C1 removed, which equals
 * the character count for ASCII and never under-counts multibyte text against a byte budget.
 * `null` is 0: it only appears transiently in patches (a delete) and occupies nothing once applied.
 */
export function jsonValueSize(value: JsonValue): number {
  if (value === null) return 0;
  if (typeof value === "string") return utf8Length(stripControlChars(value));
  if (typeof value === "number") return 8;
  if (typeof value === "boolean") return 4;
  if (Array.isArray(value)) return value.reduce<number>((sum, v) => sum + jsonValueSize(v), 0);
  let sum = 0;
  for (const [key, v] of Object.entries(value)) sum += utf8Length(key) + jsonValueSize(v);
  return sum;
}

/**
 * Section size as IoT Hub counts it: Σ UTF-8 key length + value size, excluding the read-only root
 * members (`$version`, `$metadata`, and any other `$` key there), which the service maintains itself.
 */
export function twinSectionSize(doc: JsonObject): number {
  let sum = 0;
  for (const [key, value] of Object.entries(doc)) {
    if (key.startsWith("$")) continue;
    sum += utf8Length(key) + jsonValueSize(value);
  }
  return sum;
}

/** Rejects the write when the resulting section would exceed its budget (nothing is applied). */
export function assertSectionWithinBudget(section: TwinSection, doc: JsonObject, pathPrefix: string): void {
  const limit = TWIN_SECTION_MAX_BYTES[section];
  const size = twinSectionSize(doc);
  if (size > limit) {
    throw new AppError(
      "ArgumentInvalid",
      `${pathPrefix || section} is ${size} bytes, over the ${limit}-byte limit for ${section}`,
      { path: pathPrefix, size, limit },
    );
  }
}
