import { AppError } from "../errors";
import { isJsonObject, type JsonObject } from "./json";
import { applyMergePatch, normalizeReplaceDocument } from "./merge-patch";
import { stripReadOnlyKeys } from "./validate-section";
import { applyMetadataPatch, buildMetadata } from "./metadata";
import { assertSectionWithinBudget, type TwinSection } from "./size";
import { validateTwinSection } from "./validate-section";

export type SectionState = { doc: JsonObject; metadata: JsonObject; version: number };
export type SectionWrite = SectionState & { patch: JsonObject };

const sectionPath: Record<TwinSection, string> = {
  tags: "tags",
  desired: "properties.desired",
  reported: "properties.reported",
};

/**
 * Everything a write does to one twin section, decided before anything is stored: validate the input
 * (key rules, depth, value size), apply it (merge or replace), check the section budget on the
 * result, stamp `$metadata`, bump `$version`. Throws AppError naming the key path; stores nothing.
 * `version` of tags is unused by IoT Hub (tags have no `$version`) but kept uniform.
 */
export function planSectionWrite(
  section: TwinSection,
  current: SectionState,
  input: unknown,
  options: { mode: "patch" | "replace"; now: string },
): SectionWrite {
  const pathPrefix = sectionPath[section];
  if (!isJsonObject(input)) {
    throw new AppError("ArgumentInvalid", `${pathPrefix} must be a JSON object`, { path: pathPrefix });
  }
  // The service SDK echoes `$version`/`$metadata` back on replace: read-only, never stored. Tags have no such
  // members, so there a `$version` key is an ordinary key and the key rules reject it.
  const cleaned = section === "tags" ? input : stripReadOnlyKeys(input);
  validateTwinSection(section, cleaned, { isPatch: options.mode === "patch", pathPrefix });
  const doc = options.mode === "patch" ? applyMergePatch(current.doc, cleaned) : normalizeReplaceDocument(cleaned);
  assertSectionWithinBudget(section, doc, pathPrefix);
  const version = current.version + 1;
  // Desired metadata carries $lastUpdatedVersion; reported and tags carry $lastUpdated only (§2.1).
  const stamp = section === "desired" ? { now: options.now, version } : { now: options.now };
  const metadata =
    options.mode === "patch" ? applyMetadataPatch(current.metadata, cleaned, stamp) : buildMetadata(doc, stamp);
  return { doc, metadata, version, patch: cleaned };
}
