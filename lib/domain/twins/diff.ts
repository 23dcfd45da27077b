import { cloneJson, isJsonObject, joinPath, jsonEqual, setMember, type JsonObject, type JsonValue } from "./json";

export type JsonChange = { path: string; before?: JsonValue; after?: JsonValue };

/**
 * Structural diff for revision history. Descends wherever both sides are objects; anything else
 * that differs is one entry at its dotted path: an added or removed member carries its whole value
 * (so adding a module is one readable entry, not one per leaf), and arrays are compared as leaves,
 * matching how a patch replaces them. A change at the root itself has path "".
 */
export function diffJson(before: JsonValue, after: JsonValue): JsonChange[] {
  const changes: JsonChange[] = [];
  collect(before, after, "", changes);
  return changes;
}

function collect(before: JsonValue, after: JsonValue, path: string, out: JsonChange[]): void {
  if (isJsonObject(before) && isJsonObject(after)) {
    for (const key of Object.keys(before)) {
      const childPath = joinPath(path, key);
      if (!Object.hasOwn(after, key)) out.push({ path: childPath, before: cloneJson(before[key] as JsonValue) });
      else collect(before[key] as JsonValue, after[key] as JsonValue, childPath, out);
    }
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key)) out.push({ path: joinPath(path, key), after: cloneJson(after[key] as JsonValue) });
    }
    return;
  }
  if (!jsonEqual(before, after)) out.push({ path, before: cloneJson(before), after: cloneJson(after) });
}

/**
 * What a device observes after a desired-properties replace (reference §2.2): the new document
 * plus `null` for every key, at any depth, that the replace removed. `null` members of `next` are
 * treated as absent (a replace drops them), and root `$` keys of `previous` (`$version`,
 * `$metadata`) are never reported as removed.
 */
export function desiredPatchForReplace(previous: JsonObject, next: JsonObject): JsonObject {
  return replacePatch(previous, next, true);
}

function replacePatch(previous: JsonObject, next: JsonObject, isRoot: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(next)) {
    if (value === null) continue;
    const old = Object.hasOwn(previous, key) ? previous[key] : undefined;
    if (isJsonObject(value)) {
      setMember(out, key, replacePatch(isJsonObject(old) ? old : {}, value, false));
    } else {
      setMember(out, key, cloneJson(value));
    }
  }
  for (const [key, value] of Object.entries(previous)) {
    if (isRoot && key.startsWith("$")) continue;
    if (value === null) continue;
    const replaced = Object.hasOwn(next, key) ? next[key] : undefined;
    if (replaced === undefined || replaced === null) setMember(out, key, null);
  }
  return out;
}
