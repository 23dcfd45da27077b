export type { JsonObject, JsonPrimitive, JsonValue } from "./json";
export { cloneJson, isJsonObject, jsonEqual } from "./json";
export { applyMergePatch, normalizeReplaceDocument } from "./merge-patch";
export { applyMetadataPatch, buildMetadata, type MetadataStamp } from "./metadata";
export {
  TWIN_MAX_DEPTH,
  TWIN_MAX_INTEGER,
  TWIN_MAX_KEY_BYTES,
  TWIN_MAX_VALUE_BYTES,
  TWIN_MIN_INTEGER,
  stripReadOnlyKeys,
  validateTwinSection,
  type ValidateSectionOptions,
} from "./validate-section";
export {
  TWIN_DESIRED_MAX_BYTES,
  TWIN_REPORTED_MAX_BYTES,
  TWIN_SECTION_MAX_BYTES,
  TWIN_TAGS_MAX_BYTES,
  assertSectionWithinBudget,
  jsonValueSize,
  twinSectionSize,
  type TwinSection,
} from "./size";
export { desiredPatchForReplace, diffJson, type JsonChange } from "./diff";
export { identityEtag, parseIfMatch, twinEtag, type IfMatch } from "./etag";
export { rebaseDraft, type RebaseResult } from "./rebase-draft";
export { checkTwinDraft, locateJsonPaths, type DraftCheck, type DraftProblem } from "./check-draft";
export { MASKED_SECRET, maskReportedRegistryPasswords } from "./mask-registry-credentials";
