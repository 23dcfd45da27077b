import { cloneJson, isJsonObject, setMember, type JsonObject, type JsonValue } from "./json";

/**
 * JSON merge patch (RFC 7396) as IoT Hub applies it to tags, desired and reported (reference §2.3):
 * members overwrite or add, objects merge recursively, `null` deletes at any depth, and arrays are
 * leaf values replaced wholesale. Returns a new object; neither input is mutated or shared.
 */
export function applyMergePatch(current: JsonObject, patch: JsonObject): JsonObject {
  const out = cloneJson(current);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else if (isJsonObject(value)) {
      const existing = Object.hasOwn(out, key) ? out[key] : undefined;
      // A non-object (or absent) target is replaced by the patch object with its nulls removed.
      setMember(out, key, applyMergePatch(isJsonObject(existing) ? existing : {}, value));
    } else {
      setMember(out, key, cloneJson(value as JsonValue));
    }
  }
  return out;
}

/**
 * A replace (PUT) document is stored as if merged into an empty section, so `null` members are
 * dropped rather than stored: IoT Hub has no way to represent a stored `null`, and a device would
 * read it as "delete" anyway.
 */
export function normalizeReplaceDocument(doc: JsonObject): JsonObject {
  return applyMergePatch({}, doc);
}
