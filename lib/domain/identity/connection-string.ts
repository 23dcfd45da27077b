import { AppError } from "../errors";

/**
 * Parses `Key=Value;…` the way the SDKs do (reference §3.4): split on `;`, split each element at
 * the first `=` so base64 padding survives, keys case-sensitive, empty names/values and elements
 * without `=` dropped, last duplicate wins. Required-key checks belong to the caller.
 */
export function parseConnectionString(source: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const element of String(source).split(";")) {
    const eq = element.indexOf("=");
    if (eq < 0) continue;
    const name = element.slice(0, eq);
    const value = element.slice(eq + 1);
    if (!name || !value) continue;
    // defineProperty so a `__proto__=` element is stored as data, not as a prototype.
    Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/** Values end up between `;` separators, so an empty value or a `;` would produce a different string. */
function build(pairs: ReadonlyArray<[string, string | undefined]>): string {
  const parts: string[] = [];
  for (const [name, value] of pairs) {
    if (value === undefined) continue;
    if (value === "" || value.includes(";")) {
      throw new AppError("ArgumentInvalid", `${name} must be non-empty and must not contain ';'`, { path: name });
    }
    parts.push(`${name}=${value}`);
  }
  return parts.join(";");
}

export function deviceConnectionString(opts: {
  host: string;
  deviceId: string;
  key: string;
  gatewayHostName?: string;
}): string {
  return build([
    ["HostName", opts.host],
    ["DeviceId", opts.deviceId],
    ["SharedAccessKey", opts.key],
    ["GatewayHostName", opts.gatewayHostName],
  ]);
}

export function moduleConnectionString(opts: {
  host: string;
  deviceId: string;
  moduleId: string;
  key: string;
  gatewayHostName?: string;
}): string {
  return build([
    ["HostName", opts.host],
    ["DeviceId", opts.deviceId],
    ["ModuleId", opts.moduleId],
    ["SharedAccessKey", opts.key],
    ["GatewayHostName", opts.gatewayHostName],
  ]);
}

export function serviceConnectionString(opts: { host: string; policyName: string; key: string }): string {
  return build([
    ["HostName", opts.host],
    ["SharedAccessKeyName", opts.policyName],
    ["SharedAccessKey", opts.key],
  ]);
}
