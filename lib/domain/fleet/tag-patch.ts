import { applyMergePatch, jsonEqual, type JsonObject, type JsonValue } from "../twins";
import { assertSectionWithinBudget } from "../twins/size";
import { isAppError } from "../errors";

/** What a tag merge patch does to one device: the touched top-level keys before and after. */
export type TagChange = {
  deviceId: string;
  /** Values of the patch's top-level keys before; a missing key is left out. */
  before: Record<string, JsonValue>;
  after: Record<string, JsonValue>;
};

export type TagPatchOutcome =
  | { kind: "unchanged" }
  | { kind: "changed"; tags: JsonObject; change: TagChange }
  | { kind: "rejected"; message: string; path?: string };

/**
 * Applies a (validated) tag merge patch to one device's tags. Unchanged devices are reported as
 * such, so a re-run of the same patch writes nothing: that is what makes a bulk job safe to repeat.
 * The 8 KB tags budget (reference §2.4) is checked on the result, device by device.
 */
export function planTagPatch(deviceId: string, current: JsonObject, patch: JsonObject): TagPatchOutcome {
  const next = applyMergePatch(current, patch);
  if (jsonEqual(next, current)) return { kind: "unchanged" };
  try {
    assertSectionWithinBudget("tags", next, "tags");
  } catch (error) {
    if (isAppError(error)) return { kind: "rejected", message: error.message, path: error.details?.path };
    throw error;
  }
  const before: Record<string, JsonValue> = {};
  const after: Record<string, JsonValue> = {};
  for (const key of Object.keys(patch)) {
    if (key in current) before[key] = current[key]!;
    if (key in next) after[key] = next[key]!;
  }
  return { kind: "changed", tags: next, change: { deviceId, before, after } };
}
