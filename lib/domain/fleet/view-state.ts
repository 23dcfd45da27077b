import { parseTwinPath, isBuiltInSortKey, MAX_PATH_COLUMNS } from "./columns";
import type { FleetFilter } from "./filter";
import type { FleetSort } from "./page";

/**
 * The fleet table's state as it lives in the URL (so a view can be shared or saved):
 * `q` query text (with `from=modules` it runs over `devices.modules`), `conn`, `health`, `failing=1`, `edge=1|0`, `sort=key` or `sort=-key` (descending),
 * and one `col` per twin column. Decoding is forgiving: an unknown or malformed value is dropped,
 * never an error, because URLs are typed, truncated and edited by hand.
 */
export type FleetViewState = { filter: FleetFilter; sort: FleetSort; columns: string[] };

export const DEFAULT_SORT: FleetSort = { key: "deviceId", dir: "asc" };
export const emptyViewState = (): FleetViewState => ({ filter: {}, sort: { ...DEFAULT_SORT }, columns: [] });

const CONNECTION = ["Connected", "Disconnected"] as const;
const HEALTH = ["healthy", "unhealthy", "unknown"] as const;

const isSortKey = (key: string) => isBuiltInSortKey(key) || parseTwinPath(key) !== null;

export function decodeViewState(search: URLSearchParams): FleetViewState {
  const state = emptyViewState();
  const q = search.get("q");
  if (q && q.trim()) state.filter.query = q;
  if (q && q.trim() && search.get("from") === "modules") state.filter.scope = "modules";
  const conn = search.get("conn");
  if (conn && (CONNECTION as readonly string[]).includes(conn)) state.filter.connection = conn as FleetFilter["connection"];
  const health = search.get("health");
  if (health && (HEALTH as readonly string[]).includes(health)) state.filter.health = health as FleetFilter["health"];
  if (search.get("failing") === "1") state.filter.moduleFailures = true;
  const edge = search.get("edge");
  if (edge === "1" || edge === "0") state.filter.edge = edge === "1";
  const sort = search.get("sort");
  if (sort) {
    const dir = sort.startsWith("-") ? "desc" : "asc";
    const key = sort.replace(/^-/, "");
    if (isSortKey(key)) state.sort = { key, dir };
  }
  const seen = new Set<string>();
  for (const col of search.getAll("col")) {
    if (parseTwinPath(col) && !seen.has(col) && seen.size < MAX_PATH_COLUMNS) seen.add(col);
  }
  state.columns = [...seen];
  return state;
}

/** Canonical order, defaults left out: equal states give equal strings (saved views compare by it). */
export function encodeViewState(state: FleetViewState): string {
  const out = new URLSearchParams();
  const { filter, sort, columns } = state;
  if (filter.query && filter.query.trim()) out.set("q", filter.query);
  if (filter.query && filter.query.trim() && filter.scope === "modules") out.set("from", "modules");
  if (filter.connection) out.set("conn", filter.connection);
  if (filter.health) out.set("health", filter.health);
  if (filter.moduleFailures) out.set("failing", "1");
  if (filter.edge !== undefined) out.set("edge", filter.edge ? "1" : "0");
  if (sort.key !== DEFAULT_SORT.key || sort.dir !== DEFAULT_SORT.dir) out.set("sort", `${sort.dir === "desc" ? "-" : ""}${sort.key}`);
  for (const col of columns) out.append("col", col);
  return out.toString();
}

/** Clicking a column header: ascending first, then descending, on the same key. */
export function toggleSort(current: FleetSort, key: string): FleetSort {
  return current.key === key && current.dir === "asc" ? { key, dir: "desc" } : { key, dir: "asc" };
}

/** Adds `path = value` to the query text (a facet click), with AND when there is a query already. */
export function addCondition(query: string | undefined, path: string, value: string | number | boolean): string {
  const literal = typeof value === "string" ? `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` : String(value);
  const condition = `${queryPath(path)} = ${literal}`;
  const current = (query ?? "").trim();
  if (!current) return condition;
  if (!/^select\b/i.test(current)) return `(${current}) AND ${condition}`;
  const where = /\bwhere\b/i.exec(current);
  if (!where) return `${current} WHERE ${condition}`;
  const head = current.slice(0, where.index + where[0].length);
  return `${head} (${current.slice(where.index + where[0].length).trim()}) AND ${condition}`;
}

/** A dotted twin path in query syntax: segments that are not plain identifiers go in `[[…]]`. */
export function queryPath(path: string): string {
  return path
    .split(".")
    .map((s, i) => (i === 0 || /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : `[[${s}]]`))
    .join(".");
}
