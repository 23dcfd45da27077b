/** The identity a request addresses, or that a token was issued for (ids unencoded). */
export type ResourceIdentity = { host: string; deviceId?: string; moduleId?: string };

/** Host names compare case-insensitively and without any `:port` (also for `[v6]:port`). */
function normalizeHost(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith("[")) {
    const end = lower.indexOf("]");
    return end > 0 ? lower.slice(0, end + 1) : lower;
  }
  const colon = lower.indexOf(":");
  return colon >= 0 ? lower.slice(0, colon) : lower;
}

function audienceSegments(audience: string): string[] | null {
  const segments = audience.split("/");
  // One trailing slash is tolerated (`host/devices/` ≡ `host/devices`); other empty segments are not.
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
  return segments.every((s) => s.length > 0) ? segments : null;
}

/**
 * Whether a decoded token audience grants access to `resource`: the host must be one of the
 * accepted hosts, then the audience path must be a per-segment prefix of the resource path
 * (`host/devices` covers every device, `host/devices/d1` covers d1 and its modules but not d10).
 * Ids compare case-insensitively like edgeHub does, because the identity service lower-cases the
 * whole audience (reference §1.5, §3.2) even though ids are case-sensitive for storage.
 */
export function audienceCovers(audience: string, resource: ResourceIdentity, acceptedHosts: readonly string[]): boolean {
  const segments = audienceSegments(audience);
  if (!segments) return false;
  const [host, ...path] = segments;
  if (host === undefined || !acceptedHosts.some((h) => normalizeHost(h) === normalizeHost(host))) return false;
  if (resource.moduleId !== undefined && resource.deviceId === undefined) return false;
  const target: string[] = [];
  if (resource.deviceId !== undefined) target.push("devices", resource.deviceId);
  if (resource.moduleId !== undefined) target.push("modules", resource.moduleId);
  if (path.length > target.length) return false;
  return path.every((segment, i) => segment.toLowerCase() === (target[i] ?? "").toLowerCase());
}

/**
 * The identity a decoded audience names: `{host}`, `{host}/devices/{d}` or
 * `{host}/devices/{d}/modules/{m}`. Anything else, including the `{host}/devices` prefix form that
 * names no single identity, yields null; authorize with `audienceCovers`, not with this.
 */
export function audienceIdentity(audience: string): ResourceIdentity | null {
  const segments = audienceSegments(audience);
  if (!segments) return null;
  const [host, devices, deviceId, modules, moduleId] = segments;
  if (!host) return null;
  if (segments.length === 1) return { host };
  if (devices?.toLowerCase() !== "devices" || !deviceId) return null;
  if (segments.length === 3) return { host, deviceId };
  if (segments.length === 5 && modules?.toLowerCase() === "modules" && moduleId) return { host, deviceId, moduleId };
  return null;
}
