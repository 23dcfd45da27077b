/** Hub-level permissions (reference §3.3), in the camel case used throughout our API. */
export const RIGHTS = ["registryRead", "registryWrite", "serviceConnect", "deviceConnect"] as const;
export type Right = (typeof RIGHTS)[number];

export type PolicyDefinition = { readonly keyName: string; readonly rights: readonly Right[] };

const policy = (keyName: string, rights: Right[]): PolicyDefinition =>
  Object.freeze({ keyName, rights: Object.freeze(rights) });

/** The policies every new hub starts with, as in Azure IoT Hub. Frozen: they seed each hub's copy. */
export const DEFAULT_POLICIES: readonly PolicyDefinition[] = Object.freeze([
  policy("iothubowner", ["registryRead", "registryWrite", "serviceConnect", "deviceConnect"]),
  policy("service", ["serviceConnect"]),
  policy("device", ["deviceConnect"]),
  policy("registryRead", ["registryRead"]),
  policy("registryReadWrite", ["registryRead", "registryWrite"]),
]);

/**
 * Rights never imply one another here: `registryReadWrite` lists both rights explicitly, and
 * serviceConnect deliberately excludes registry access (device CRUD needs registry rights).
 */
export function policyGrants(rights: readonly Right[], needed: Right): boolean {
  return rights.includes(needed);
}

export function isRight(value: string): value is Right {
  return (RIGHTS as readonly string[]).includes(value);
}
