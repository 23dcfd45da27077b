import { cloneJson, isJsonObject, jsonEqual, setMember, joinPath, type JsonObject, type JsonValue } from "./json";

export type RebaseResult = {
  /** The draft's changes (relative to `base`) applied onto `current`. */
  document: JsonObject;
  /**
   * Dotted paths where the draft and the concurrent write both changed the same member differently;
   * the draft's value won there, so the operator should look before saving again.
   */
  conflicts: string[];
};

/**
 * Three-way rebase of an edited section: what the operator changed from the version they started
 * from (`base`) is replayed onto the version that is stored now (`current`), leaving the concurrent
 * writer's other changes in place. Objects are merged member by member; any other value (arrays
 * included, as a merge patch replaces them whole) is taken from the draft when the draft changed it.
 * A member the draft deleted is deleted; a member the draft left alone keeps its current value.
 */
export function rebaseDraft(base: JsonObject, draft: JsonObject, current: JsonObject): RebaseResult {
  const conflicts: string[] = [];
  const document = mergeObject(base, draft, current, "", conflicts);
  return { document, conflicts };
}

function mergeObject(base: JsonObject, draft: JsonObject, current: JsonObject, path: string, conflicts: string[]): JsonObject {
  const out: JsonObject = {};
  // Current members first, so keys keep the order the stored document has; new draft keys follow.
  for (const key of Object.keys(current)) {
    const merged = mergeMember(base, draft, current, key, joinPath(path, key), conflicts);
    if (merged !== undefined) setMember(out, key, merged);
  }
  for (const key of Object.keys(draft)) {
    if (Object.hasOwn(current, key)) continue;
    const merged = mergeMember(base, draft, current, key, joinPath(path, key), conflicts);
    if (merged !== undefined) setMember(out, key, merged);
  }
  return out;
}

/** The member's value after the rebase, or undefined when it is absent. */
function mergeMember(
  base: JsonObject,
  draft: JsonObject,
  current: JsonObject,
  key: string,
  path: string,
  conflicts: string[],
): JsonValue | undefined {
  const b = Object.hasOwn(base, key) ? base[key] : undefined;
  const d = Object.hasOwn(draft, key) ? draft[key] : undefined;
  const c = Object.hasOwn(current, key) ? current[key] : undefined;
  if (same(b, d)) return c === undefined ? undefined : cloneJson(c); // the draft did not touch it
  if (same(b, c) || same(c, d)) return d === undefined ? undefined : cloneJson(d); // only the draft changed it
  // Both changed it. Objects on all sides that exist merge deeper; otherwise the draft wins, noted.
  if (isJsonObject(d) && isJsonObject(c) && (b === undefined || isJsonObject(b))) {
    return mergeObject(isJsonObject(b) ? b : {}, d, c, path, conflicts);
  }
  conflicts.push(path);
  return d === undefined ? undefined : cloneJson(d);
}

const same = (a: JsonValue | undefined, b: JsonValue | undefined) =>
  a === undefined || b === undefined ? a === b : jsonEqual(a, b);
