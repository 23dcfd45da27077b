import { AppError } from "../errors";

/**
 * Fleet-table columns. Built-in keys address identity columns; path columns address a twin value
 * (`tags.site`, `properties.reported.firmware.version`). Twin keys never contain `.`, so splitting a
 * path on dots is exact.
 */
export const BUILT_IN_SORT_KEYS = ["deviceId", "status", "connectionState", "lastActivityTime", "edge"] as const;
export type BuiltInSortKey = (typeof BUILT_IN_SORT_KEYS)[number];

export type TwinPath = { root: "tags" | "reported" | "desired"; segments: string[] };

export const MAX_PATH_COLUMNS = 12;
const MAX_SEGMENT = 128;

/** `tags.a.b` → {root: tags, segments: [a, b]}; null when the text is not a twin path. */
export function parseTwinPath(text: string): TwinPath | null {
  const parts = text.split(".");
  let root: TwinPath["root"];
  let rest: string[];
  if (parts[0] === "tags") {
    root = "tags";
    rest = parts.slice(1);
  } else if (parts[0] === "properties" && (parts[1] === "reported" || parts[1] === "desired")) {
    root = parts[1];
    rest = parts.slice(2);
  } else {
    return null;
  }
  if (rest.length === 0 || rest.length > 10) return null;
  if (rest.some((s) => s.length === 0 || s.length > MAX_SEGMENT || s.startsWith("$"))) return null;
  return { root, segments: rest };
}

export function isBuiltInSortKey(key: string): key is BuiltInSortKey {
  return (BUILT_IN_SORT_KEYS as readonly string[]).includes(key);
}

/** A sort key or column path as the API accepts it, or a 400 naming `path`. */
export function requireTwinPath(text: string, path: string): TwinPath {
  const parsed = parseTwinPath(text);
  if (!parsed) {
    throw new AppError(
      "ArgumentInvalid",
      `'${text.slice(0, 200)}' is not a twin path: use tags.<key>[.<key>…] or properties.reported.<key>[…] (or properties.desired.…)`,
      { path },
    );
  }
  return parsed;
}
