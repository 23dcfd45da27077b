import { parseRoute } from "../deployments/routes";
import { isJsonObject, type JsonObject } from "../twins";
import { DEFAULT_ROUTE_PRIORITY, effectiveTtlSecs, UPSTREAM } from "./store-and-forward";

/**
 * What `$edgeHub` desired (reference §6.4) says about storing a module's message: the global TTL,
 * the size cap, and, per module output, the priority and TTL of the best `$upstream` route.
 */
export type StoreSettings = { timeToLiveSecs: number; maxSizeBytes: number | null };
export type MessagePlacement = { endpoint: string; priority: number; ttlSecs: number; route: string | null };

/** Tooling default; a schema-1.0 manifest without the section keeps edgeHub's built-in −1 (§11). */
export const DEFAULT_TTL_SECS = 7200;

export function storeSettings(desired: JsonObject, fallbackMaxSizeBytes: number | null): StoreSettings {
  const saf = isJsonObject(desired.storeAndForwardConfiguration) ? desired.storeAndForwardConfiguration : null;
  const ttl = saf?.timeToLiveSecs;
  const schema = typeof desired.schemaVersion === "string" ? desired.schemaVersion : "";
  const timeToLiveSecs = typeof ttl === "number" && Number.isInteger(ttl) ? ttl : schema.startsWith("1.0") ? -1 : DEFAULT_TTL_SECS;
  const limits = saf && isJsonObject(saf.storeLimits) ? saf.storeLimits : null;
  const max = limits?.maxSizeBytes;
  return { timeToLiveSecs, maxSizeBytes: typeof max === "number" && Number.isFinite(max) && max >= 0 ? max : fallbackMaxSizeBytes };
}

/** Source matching of §7: trailing `*` stripped, the rest a case-insensitive path prefix. */
export function sourceMatches(source: string, module: string, output: string): boolean {
  const prefix = source.replace(/\*$/, "").replace(/\/$/, "").toLowerCase();
  const path = `/messages/modules/${module}/outputs/${output}`.toLowerCase();
  return path === prefix || path.startsWith(`${prefix}/`) || prefix === "";
}

type UpstreamRoute = { name: string; source: string; priority: number; ttlSecs: number | undefined };

// Parsed once per routes object, not per message: routes objects are never mutated (desired
// patches produce new ones), so the object identifies its content.
const parsedRoutes = new WeakMap<JsonObject, UpstreamRoute[]>();

function upstreamRoutes(routes: JsonObject): UpstreamRoute[] {
  const cached = parsedRoutes.get(routes);
  if (cached) return cached;
  const out: UpstreamRoute[] = [];
  for (const [name, value] of Object.entries(routes)) {
    const text = typeof value === "string" ? value : isJsonObject(value) && typeof value.route === "string" ? value.route : null;
    if (text === null) continue;
    const parsed = parseRoute(text);
    if (!parsed.ok || parsed.route.sink.kind !== "upstream") continue;
    const obj = isJsonObject(value) ? value : {};
    const priority = typeof obj.priority === "number" && Number.isInteger(obj.priority) && obj.priority >= 0 && obj.priority <= 9 ? obj.priority : DEFAULT_ROUTE_PRIORITY;
    out.push({ name, source: parsed.route.source, priority, ttlSecs: typeof obj.timeToLiveSecs === "number" ? obj.timeToLiveSecs : undefined });
  }
  parsedRoutes.set(routes, out);
  return out;
}

/**
 * The `$upstream` routes whose source matches the output decide: the highest priority (lowest
 * number) wins (§11 "two routes to the same endpoint"), and its TTL applies. Conditions are not
 * evaluated (the simulator's readings carry no properties routes test). With no matching route the
 * message still goes upstream at the default priority and the global TTL, as the simulator always
 * sent module telemetry upstream.
 */
export function placeMessage(routes: JsonObject | undefined, module: string, output: string, globalTtlSecs: number): MessagePlacement {
  let best: MessagePlacement | null = null;
  for (const r of routes ? upstreamRoutes(routes) : []) {
    if (!sourceMatches(r.source, module, output) || (best && best.priority <= r.priority)) continue;
    best = { endpoint: UPSTREAM, priority: r.priority, ttlSecs: effectiveTtlSecs(r.ttlSecs, globalTtlSecs), route: r.name };
  }
  return best ?? { endpoint: UPSTREAM, priority: DEFAULT_ROUTE_PRIORITY, ttlSecs: globalTtlSecs, route: null };
}
