import { isJsonObject, setMember, type JsonObject } from "./json";

/** What a write stamps on every metadata node it touches (reference §2.1). */
export type MetadataStamp = {
  /** UTC ISO-8601 time of the write, supplied by the caller (no clock in the domain). */
  now: string;
  /** Desired `$version` of the write; reported metadata carries `$lastUpdated` only, so omit it there. */
  version?: number;
  /** Configuration/deployment id and digest when the hub applied the write on its behalf. */
  lastUpdatedBy?: string;
  lastUpdatedByDigest?: string;
};

/** Property keys can never contain `$`, so any `$` key is ours (or read-only, like `$version`). */
const isSystemKey = (key: string): boolean => key.startsWith("$");

function stampNode(previous: JsonObject | undefined, stamp: MetadataStamp): JsonObject {
  const node: JsonObject = {};
  // Keep child nodes; drop the previous stamp entirely so a plain write clears `$lastUpdatedBy`.
  if (previous) {
    for (const [k, v] of Object.entries(previous)) if (!isSystemKey(k)) setMember(node, k, v);
  }
  node.$lastUpdated = stamp.now;
  if (stamp.version !== undefined) node.$lastUpdatedVersion = stamp.version;
  if (stamp.lastUpdatedBy !== undefined) node.$lastUpdatedBy = stamp.lastUpdatedBy;
  if (stamp.lastUpdatedByDigest !== undefined) node.$lastUpdatedByDigest = stamp.lastUpdatedByDigest;
  return node;
}

/**
 * New `$metadata` after a merge patch: the root and every node on the path of a patched key are
 * re-stamped, deleted keys lose their node (their parent's stamp is what records the deletion),
 * a leaf or array value replaces the node wholesale (dropping any children it had as an object),
 * and untouched nodes keep their stamps. The root is stamped even for an empty patch because the
 * write still bumped the section `$version`.
 */
export function applyMetadataPatch(metadata: JsonObject, patch: JsonObject, stamp: MetadataStamp): JsonObject {
  const node = stampNode(metadata, stamp);
  for (const [key, value] of Object.entries(patch)) {
    if (isSystemKey(key)) continue;
    if (value === null) {
      delete node[key];
    } else if (isJsonObject(value)) {
      const existing = Object.hasOwn(metadata, key) ? metadata[key] : undefined;
      setMember(node, key, applyMetadataPatch(isJsonObject(existing) ? existing : {}, value, stamp));
    } else {
      setMember(node, key, stampNode(undefined, stamp));
    }
  }
  return node;
}

/**
 * Metadata for a whole document (replace/PUT). `null` members are skipped because a replace drops
 * them (see `normalizeReplaceDocument`); arrays are leaves, so only the array key gets a node.
 */
export function buildMetadata(doc: JsonObject, stamp: MetadataStamp): JsonObject {
  const node = stampNode(undefined, stamp);
  for (const [key, value] of Object.entries(doc)) {
    if (isSystemKey(key) || value === null) continue;
    setMember(node, key, isJsonObject(value) ? buildMetadata(value, stamp) : stampNode(undefined, stamp));
  }
  return node;
}
