import fs from "node:fs";
import path from "node:path";

/**
 * The REST route table, read from the folders of `app/api/**\/route.ts` the way Next routes them:
 * static segments before `[param]` before `[...catchAll]`, dynamic segments percent-decoded. Used by
 * the production server's direct API path (node-api-server.ts) and by the integration tests, so
 * both call the very handlers Next would.
 */

const APP_DIR = path.resolve(process.cwd(), "app");

type Segment =
  | { kind: "static"; value: string }
  | { kind: "param"; name: string }
  | { kind: "catchall"; name: string };
export type RouteFile = { file: string; segments: Segment[] };

function discoverRoutes(dir: string, segments: Segment[] = []): RouteFile[] {
  const out: RouteFile[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && /^route\.(ts|tsx|js|mjs)$/.test(entry.name)) out.push({ file: full, segments });
    if (!entry.isDirectory()) continue;
    if (/^\(.*\)$/.test(entry.name)) {
      out.push(...discoverRoutes(full, segments)); // route groups add no URL segment
    } else if (/^\[\.\.\.[^\]]+\]$/.test(entry.name)) {
      out.push(...discoverRoutes(full, [...segments, { kind: "catchall", name: entry.name.slice(4, -1) }]));
    } else if (/^\[[^.\]]+\]$/.test(entry.name)) {
      out.push(...discoverRoutes(full, [...segments, { kind: "param", name: entry.name.slice(1, -1) }]));
    } else if (!entry.name.startsWith("_") && !entry.name.startsWith("[")) {
      out.push(...discoverRoutes(full, [...segments, { kind: "static", value: entry.name }]));
    }
  }
  return out;
}

/** Every REST route file, discovered once at load time (e.g. `/api/devices/[deviceId]`). */
export const ROUTES: RouteFile[] = discoverRoutes(path.join(APP_DIR, "api"), [{ kind: "static", value: "api" }]);
export const routePattern = (r: RouteFile) =>
  "/" +
  r.segments
    .map((s) => (s.kind === "static" ? s.value : s.kind === "param" ? `[${s.name}]` : `[...${s.name}]`))
    .join("/");

/** Static beats `[param]` beats `[...catchAll]` at the first segment where candidates differ, as in Next. */
const specificity = (r: RouteFile) => r.segments.map((s) => ({ static: "0", param: "1", catchall: "2" })[s.kind]).join("");

function matches(route: RouteFile, segments: string[]): boolean {
  const last = route.segments[route.segments.length - 1];
  const fixed = last?.kind === "catchall" ? route.segments.slice(0, -1) : route.segments;
  if (last?.kind === "catchall" ? segments.length <= fixed.length : segments.length !== fixed.length) return false;
  return fixed.every((s, i) => s.kind !== "static" || s.value === segments[i]);
}

/** Sorted once: the first route that matches is the one Next would pick. */
const BY_SPECIFICITY = [...ROUTES].sort((a, b) => specificity(a).localeCompare(specificity(b)));

type Match = { route: RouteFile; params: Record<string, string | string[]> } | { error: "not-found" | "bad-encoding" };

export function matchRoute(pathname: string): Match {
  const raw = pathname.replace(/\/+$/, "").split("/").slice(1);
  const decoded: string[] = [];
  for (const segment of raw) {
    try {
      decoded.push(decodeURIComponent(segment));
    } catch {
      return { error: "bad-encoding" };
    }
  }
  const route = BY_SPECIFICITY.find((r) => matches(r, decoded));
  if (!route) return { error: "not-found" };
  const params: Record<string, string | string[]> = {};
  route.segments.forEach((s, i) => {
    if (s.kind === "param") params[s.name] = decoded[i]!;
    if (s.kind === "catchall") params[s.name] = decoded.slice(i);
  });
  return { route, params };
}

const modules = new Map<string, Promise<Record<string, unknown>>>();
export const loadRoute = (file: string) => {
  if (!modules.has(file)) modules.set(file, import(file));
  return modules.get(file)!;
};

