import { AppError } from "../errors";
import { hashQuery } from "../query/continuation";
import { SqlParams, type SqlParam } from "../query/values";
import { isBuiltInSortKey, MAX_PATH_COLUMNS, requireTwinPath, type TwinPath } from "./columns";
import { compileFleetFilter, DESIRED_CODE_SQL, EDGE_AGENT_JOIN, type FleetFilter } from "./filter";

export type FleetSort = { key: string; dir: "asc" | "desc" };
export type FleetPageRequest = { filter: FleetFilter; sort: FleetSort; columns: string[]; pageSize: number; cursor?: string | null };

export type FleetRow = {
  deviceId: string;
  edge: boolean;
  status: string;
  /** Presence: the device's own MQTT connection, or for an edge device its `$edgeAgent`'s (see `connectionSource`). */
  connectionState: string;
  connectionStateUpdatedTime: string | null;
  connectionSource: "device" | "$edgeAgent";
  lastActivityTime: string | null;
  /** Edge devices only (null otherwise): from the `$edgeAgent` reported properties. */
  edgeHealth: {
    state: "healthy" | "unhealthy" | "unknown";
    code: number | null;
    failingModules: string[];
    /** When `$edgeAgent` last reported anything (its reported `$metadata.$lastUpdated`): the health's age. */
    reportedAt: string | null;
  } | null;
  tags: Record<string, unknown>;
  /** The chosen path columns, keyed by their path; missing values are left out. */
  values: Record<string, unknown>;
};

const COLUMN_SQL: Record<string, { sql: string; cast: string }> = {
  status: { sql: "t.status", cast: "text" },
  connectionState: { sql: "t.presence_state", cast: "text" },
  // Devices never seen sort first (ascending); the expression matches the index of migration 0004.
  lastActivityTime: { sql: "coalesce(t.last_activity_time, '-infinity'::timestamptz)", cast: "timestamptz" },
  edge: { sql: "t.edge_enabled", cast: "boolean" },
};

const ROOT_COLUMN: Record<TwinPath["root"], string> = { tags: "t.tags", reported: "t.reported", desired: "t.desired" };

function pathSql(path: TwinPath, params: SqlParams): string {
  return `(${ROOT_COLUMN[path.root]}${path.segments.map((s) => ` -> ${params.text(s)}`).join("")})`;
}

/**
 * One page of the fleet table: keyset paging on (sort key, deviceId), never OFFSET. A missing twin
 * value sorts as JSON null (first ascending, last descending). The cursor is tied to the filter and
 * sort it was issued for, like `x-ms-continuation`.
 */
export function compileFleetPage(request: FleetPageRequest) {
  if (request.columns.length > MAX_PATH_COLUMNS) {
    throw new AppError("ArgumentInvalid", `At most ${MAX_PATH_COLUMNS} twin columns`, { path: "columns" });
  }
  const params = new SqlParams();
  const where = [compileFleetFilter(request.filter, params)];
  const { key, dir } = request.sort;
  let sortSql: string | null = null;
  let sortCast = "text";
  if (key !== "deviceId") {
    if (isBuiltInSortKey(key)) {
      ({ sql: sortSql, cast: sortCast } = COLUMN_SQL[key]!);
    } else {
      sortSql = `coalesce(${pathSql(requireTwinPath(key, "sort.key"), params)}, 'null'::jsonb)`;
      sortCast = "jsonb";
    }
  }
  const columnPaths = request.columns.map((c, i) => ({ name: c, path: requireTwinPath(c, `columns.${i}`) }));
  const hash = hashQuery(JSON.stringify([request.filter, key, dir]));
  const op = dir === "desc" ? "<" : ">";
  if (request.cursor) {
    const cursor = decodeFleetCursor(request.cursor, hash, sortSql !== null);
    where.push(
      sortSql === null
        ? `t.device_id ${op} ${params.text(cursor.id)}`
        : `(${sortSql}, t.device_id) ${op} (${params.text(cursor.sort!)}::${sortCast}, ${params.text(cursor.id)})`,
    );
  }
  const order = dir === "desc" ? "DESC" : "ASC";
  const select = [
    "t.device_id, t.edge_enabled, t.status, t.presence_state AS connection_state, t.tags",
    // ISO text from SQL: the drivers disagree on how they hand back timestamptz.
    `${isoSql("t.presence_updated_time")} AS connection_state_updated_time`,
    `${isoSql("t.last_activity_time")} AS last_activity_time`,
    sortSql === null ? null : "p.sort_value::text AS sort_key",
    ...columnPaths.map((c, i) => `${pathSql(c.path, params)} AS "c${i}"`),
    "ea.code AS edge_code, ea.failing AS edge_failing, ea.reported_at AS edge_reported_at",
  ].filter(Boolean);
  const limit = Math.min(Math.max(Math.floor(request.pageSize), 1), 500);
  // The page's ids are chosen first from narrow rows (an index scan, or a top-N sort computing only
  // the sort key); only those rows are then read whole and get the $edgeAgent lookup. Joined before
  // the sort, both would run for every matching device.
  const text = [
    `SELECT ${select.join(", ")} FROM (`,
    `SELECT t.device_id${sortSql === null ? "" : `, ${sortSql} AS sort_value`} FROM devices t WHERE ${where.join(" AND ")}`,
    `ORDER BY ${sortSql === null ? "" : `${sortSql} ${order}, `}t.device_id ${order} LIMIT ${params.int(limit + 1)}) p`,
    "JOIN devices t ON t.device_id = p.device_id",
    `LEFT JOIN LATERAL (SELECT ${DESIRED_CODE_SQL} AS code, ${failingListSql()} AS failing, ea.reported_metadata ->> '$lastUpdated' AS reported_at FROM modules ea WHERE ${EDGE_AGENT_JOIN}) ea ON t.edge_enabled`,
    `ORDER BY ${sortSql === null ? "" : `p.sort_value ${order}, `}p.device_id ${order}`,
  ].join(" ");
  const final = params.finalize(text);
  return {
    text: final.text,
    params: final.params as SqlParam[],
    finish(rows: Record<string, unknown>[]): { items: FleetRow[]; cursor: string | null } {
      const page = rows.slice(0, limit);
      const items = page.map((row) => toFleetRow(row, columnPaths.map((c) => c.name)));
      const last = page[page.length - 1];
      const cursor =
        rows.length > limit && last
          ? encodeFleetCursor(hash, { id: String(last.device_id), sort: sortSql === null ? undefined : String(last.sort_key) })
          : null;
      return { items, cursor };
    },
  };
}

/** Names of the failing modules (custom and system), for the page's rows only. */
function failingListSql(): string {
  const bad = "('failed', 'backoff', 'unhealthy', 'dead')";
  const objectOf = (sql: string) => `CASE WHEN jsonb_typeof(${sql}) = 'object' THEN ${sql} ELSE '{}'::jsonb END`;
  return `(SELECT coalesce(jsonb_agg(e.key ORDER BY e.key), '[]'::jsonb) FROM (
    SELECT key, value FROM jsonb_each(${objectOf("ea.reported -> 'modules'")})
    UNION ALL SELECT key, value FROM jsonb_each(${objectOf("ea.reported -> 'systemModules'")})) e
    WHERE jsonb_typeof(e.value) = 'object' AND e.value ->> 'runtimeStatus' IN ${bad})`;
}

const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const iso = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toFleetRow(row: Record<string, unknown>, columnNames: string[]): FleetRow {
  const values: Record<string, unknown> = {};
  columnNames.forEach((name, i) => {
    const v = row[`c${i}`];
    if (v !== null && v !== undefined) values[name] = v;
  });
  const edge = Boolean(row.edge_enabled);
  const failing = Array.isArray(row.edge_failing) ? (row.edge_failing as string[]) : [];
  const code = row.edge_code === null || row.edge_code === undefined ? null : Number(row.edge_code);
  const state = failing.length > 0 ? "unhealthy" : code === null || Number.isNaN(code) ? "unknown" : code === 200 ? "healthy" : "unhealthy";
  return {
    deviceId: String(row.device_id),
    edge,
    status: String(row.status),
    connectionState: String(row.connection_state),
    connectionStateUpdatedTime: iso(row.connection_state_updated_time),
    connectionSource: edge ? "$edgeAgent" : "device",
    lastActivityTime: iso(row.last_activity_time),
    edgeHealth: edge ? { state, code, failingModules: failing, reportedAt: iso(row.edge_reported_at) } : null,
    tags: (row.tags ?? {}) as Record<string, unknown>,
    values,
  };
}

type FleetCursor = { id: string; sort?: string };

function encodeFleetCursor(hash: string, cursor: FleetCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ h: hash, ...cursor }));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeFleetCursor(token: string, hash: string, hasSort: boolean): FleetCursor {
  const invalid = (why: string) => new AppError("ArgumentInvalid", `Invalid cursor: ${why}`, { path: "cursor" });
  if (token.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid("not a cursor issued by this hub");
  let body: Record<string, unknown>;
  try {
    const b64 = token.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    throw invalid("not a cursor issued by this hub");
  }
  if (typeof body !== "object" || body === null || body.h !== hash) throw invalid("issued for another filter or sort");
  if (typeof body.id !== "string" || (hasSort && typeof body.sort !== "string")) throw invalid("malformed");
  return { id: body.id, sort: hasSort ? (body.sort as string) : undefined };
}
