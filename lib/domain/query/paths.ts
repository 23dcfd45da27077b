import type { PathExpr, PathSegment } from "./ast";
import { syntaxError } from "./tokenizer";
import { undef, type SqlParams, type SqlType, type Value } from "./values";

export type Collection = "devices" | "modules";

type Column = { name: string; sql: string; type: SqlType; only?: Collection };

/** Top-level twin attributes stored in SQL columns, by lower-cased name (attribute names are case-insensitive). */
const COLUMNS: Record<string, Column> = {
  deviceid: { name: "deviceId", sql: "t.device_id", type: "text" },
  moduleid: { name: "moduleId", sql: "t.module_id", type: "text", only: "modules" },
  status: { name: "status", sql: "t.status", type: "text" },
  statusreason: { name: "statusReason", sql: "t.status_reason", type: "text" },
  statusupdatetime: { name: "statusUpdateTime", sql: "t.status_updated_time", type: "timestamp" },
  connectionstate: { name: "connectionState", sql: "t.connection_state", type: "text" },
  lastactivitytime: { name: "lastActivityTime", sql: "t.last_activity_time", type: "timestamp" },
  cloudtodevicemessagecount: { name: "cloudToDeviceMessageCount", sql: "t.c2d_message_count", type: "number" },
  authenticationtype: { name: "authenticationType", sql: "t.auth_type", type: "text" },
  modelid: { name: "modelId", sql: "t.model_id", type: "text" },
  version: { name: "version", sql: "t.twin_version", type: "number" },
  // Twin etag = base64 of the 8-byte big-endian twin version (reference §2.1).
  etag: { name: "etag", sql: "encode(int8send(t.twin_version), 'base64')", type: "text" },
  deviceetag: { name: "deviceEtag", sql: "t.identity_etag", type: "text" },
  devicescope: { name: "deviceScope", sql: "t.device_scope", type: "text", only: "devices" },
};

/** jsonb columns; the rest of the path (case-sensitive) indexes into them. */
const DOCUMENTS: Record<string, { name: string; column: string; only?: Collection }> = {
  tags: { name: "tags", column: "t.tags" },
  configurations: { name: "configurations", column: "t.configurations" },
  parentscopes: { name: "parentScopes", column: "t.parent_scopes", only: "devices" },
};

const KNOWN = "deviceId, moduleId, status, statusReason, statusUpdateTime, connectionState, lastActivityTime, " +
  "cloudToDeviceMessageCount, authenticationType, modelId, version, etag, deviceEtag, deviceScope, parentScopes, " +
  "capabilities, tags, properties, configurations";

function section(s: "desired" | "reported"): string {
  return `(t.${s} || jsonb_build_object('$metadata', t.${s}_metadata, '$version', t.${s}_version))`;
}

function checkCollection(seg: PathSegment, name: string, only: Collection | undefined, collection: Collection): void {
  if (only && only !== collection) {
    const where = collection === "devices" ? "devices" : "devices.modules";
    throw syntaxError(`Attribute '${name}' is not available on ${where} (position ${seg.pos})`, seg.pos, "an attribute of the collection");
  }
}

function jsonPath(column: string, segments: PathSegment[], p: SqlParams): Value {
  const names = segments.map((s) => s.name);
  if (names.length === 0) return { kind: "json", sql: column };
  const sql = `(${column} #> ARRAY[${names.map((n) => p.text(n)).join(",")}])`;
  return { kind: "json", sql, contain: { column, segments: names } };
}

/** Maps a twin path to SQL. Unknown top-level attributes are errors carrying the segment position. */
export function resolvePath(path: PathExpr, collection: Collection, p: SqlParams): Value {
  const [first, ...rest] = path.segments as [PathSegment, ...PathSegment[]];
  const key = first.name.toLowerCase();
  const column = COLUMNS[key];
  if (column) {
    checkCollection(first, column.name, column.only, collection);
    return rest.length ? undef : { kind: "typed", type: column.type, sql: column.sql };
  }
  const doc = DOCUMENTS[key];
  if (doc) {
    checkCollection(first, doc.name, doc.only, collection);
    return jsonPath(doc.column, rest, p);
  }
  if (key === "capabilities") {
    checkCollection(first, "capabilities", "devices", collection);
    if (rest.length === 0) return { kind: "json", sql: "jsonb_build_object('iotEdge', t.edge_enabled)" };
    if (rest.length === 1 && rest[0]!.name.toLowerCase() === "iotedge") {
      return { kind: "typed", type: "boolean", sql: "t.edge_enabled" };
    }
    return undef;
  }
  if (key === "properties") return resolveProperties(rest, p);
  throw syntaxError(`Unknown attribute '${first.name}' at position ${first.pos}; expected one of ${KNOWN}`, first.pos, KNOWN);
}

function resolveProperties(rest: PathSegment[], p: SqlParams): Value {
  if (rest.length === 0) {
    return { kind: "json", sql: `jsonb_build_object('desired', ${section("desired")}, 'reported', ${section("reported")})` };
  }
  const [sec, ...inner] = rest as [PathSegment, ...PathSegment[]];
  const s = sec.name.toLowerCase();
  if (s !== "desired" && s !== "reported") {
    throw syntaxError(
      `Unknown attribute 'properties.${sec.name}' at position ${sec.pos}; expected properties.desired or properties.reported`,
      sec.pos,
      "desired or reported",
    );
  }
  if (inner.length === 0) return { kind: "json", sql: section(s) };
  const head = inner[0]!.name;
  if (head === "$version") {
    return inner.length === 1 ? { kind: "typed", type: "number", sql: `t.${s}_version` } : undef;
  }
  if (head === "$metadata") return jsonPath(`t.${s}_metadata`, inner.slice(1), p);
  return jsonPath(`t.${s}`, inner, p);
}

/** Output key of a projected path: the canonical name of a top-level attribute, else the last segment as written. */
export function outputName(path: PathExpr): string {
  const segs = path.segments;
  if (segs.length === 1) {
    const key = segs[0]!.name.toLowerCase();
    return COLUMNS[key]?.name ?? DOCUMENTS[key]?.name ?? (key === "capabilities" || key === "properties" ? key : segs[0]!.name);
  }
  return segs[segs.length - 1]!.name;
}

/** Identity of a path for matching SELECT items with GROUP BY paths (top-level names are case-insensitive). */
export function pathKey(path: PathExpr): string {
  const names = path.segments.map((s) => s.name);
  names[0] = names[0]!.toLowerCase();
  if (names[0] === "properties" && names.length > 1) names[1] = names[1]!.toLowerCase();
  if (names[0] === "capabilities" && names.length > 1) names[1] = names[1]!.toLowerCase();
  return JSON.stringify(names);
}
