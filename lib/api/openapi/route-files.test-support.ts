import fs from "node:fs";
import path from "node:path";

/**
 * Reads app/api the way Next.js routes it, for openapi.test.ts: which route files exist, their
 * OpenAPI paths, and for each exported HTTP method the `permission` and `body` given to apiRoute.
 */
export const ROOT = path.resolve(import.meta.dirname, "../../..");
export const API_DIR = path.join(ROOT, "app/api");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export function findRouteFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    // `[...unmatched]` only turns unknown /api paths into a JSON 404: not an operation to document.
    if (entry.isDirectory()) return entry.name.startsWith("[...") ? [] : findRouteFiles(full);
    return /^route\.(ts|tsx|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** `app/api/devices/[deviceId]/modules` ⇒ `/devices/{deviceId}/modules` (route groups vanish). */
export function openApiPath(routeFile: string): string {
  const segments = path
    .relative(API_DIR, path.dirname(routeFile))
    .split(path.sep)
    .filter((s) => s !== "" && !/^\(.*\)$/.test(s))
    .map((s) => s.replace(/^\[\[?(?:\.\.\.)?(\w+)\]?\]$/, "{$1}"));
  return "/" + segments.join("/");
}

export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|async\s+function|function)\s+([A-Z]+)\b/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s+const\s*\{([^}]*)\}\s*=/g)) {
    for (const name of m[1]!.split(",")) found.add(name.split(":").pop()!.trim());
  }
  return [...found].filter((name) => (HTTP_METHODS as readonly string[]).includes(name));
}

export type RouteSpec = { permission: string; body: string | null };

/** The argument text of the first `apiRoute<…>(…)` call at or after `from`. */
function apiRouteArgument(source: string, from: number): string {
  const call = source.indexOf("apiRoute", from);
  if (call < 0) throw new Error("no apiRoute call found");
  const open = source.indexOf("(", call);
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === "(") depth++;
    if (source[i] === ")" && --depth === 0) return source.slice(open + 1, i);
  }
  throw new Error("unbalanced apiRoute call");
}

function specOf(argument: string): RouteSpec {
  const permission = /permission:\s*(can\.\w+|"public"|"session")/.exec(argument)?.[1];
  if (!permission) throw new Error(`no permission in ${argument.slice(0, 80)}`);
  return { permission, body: /\bbody:\s*(\w+)/.exec(argument)?.[1] ?? null };
}

/**
 * How a route file declares each method: `export const GET = apiRoute({…})` directly, or
 * `export const { GET, PATCH } = helper()` with `helper` from lib/api returning `GET: apiRoute({…})`
 * or `PATCH: local(…)` where `const local = (…) => apiRoute({…})`.
 */
export function routeSpecs(routeFile: string): Map<string, RouteSpec> {
  const source = fs.readFileSync(routeFile, "utf8");
  const specs = new Map<string, RouteSpec>();
  for (const method of exportedMethods(source)) {
    const direct = new RegExp(`export\\s+const\\s+${method}\\s*=`).exec(source);
    if (direct) {
      specs.set(method, specOf(apiRouteArgument(source, direct.index)));
      continue;
    }
    const helperCall = /export\s+const\s*\{[^}]*\}\s*=\s*(\w+)\(/.exec(source)?.[1];
    const helperModule = new RegExp(`import\\s*\\{[^}]*\\b${helperCall}\\b[^}]*\\}\\s*from\\s*"@/([^"]+)"`).exec(source)?.[1];
    if (!helperCall || !helperModule) throw new Error(`${routeFile}: cannot resolve ${method}`);
    const helper = fs.readFileSync(path.join(ROOT, `${helperModule}.ts`), "utf8");
    const member = new RegExp(`\\b${method}:\\s*(\\w+)`).exec(helper);
    if (!member) throw new Error(`${helperModule}: no ${method} member`);
    const at = member[1] === "apiRoute" ? member.index : new RegExp(`const\\s+${member[1]}\\s*=`).exec(helper)?.index;
    if (at === undefined) throw new Error(`${helperModule}: cannot resolve ${member[1]}`);
    specs.set(method, specOf(apiRouteArgument(helper, at)));
  }
  return specs;
}

export function readRoutes() {
  return findRouteFiles(API_DIR).map((file) => ({ file, path: openApiPath(file), specs: routeSpecs(file) }));
}
