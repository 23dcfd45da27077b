import type { ModulesContent } from "./types";

/** The key a base deployment (and a whole-section layer entry) uses for a module's desired properties. */
export const DESIRED_KEY = "properties.desired";
const DOTTED_PREFIX = `${DESIRED_KEY}.`;

/**
 * `properties.desired.a.b` -> `["a", "b"]`; `null` for any other key. Twin keys may not contain
 * `.` (reference §2.4), so splitting on dots is unambiguous.
 */
export function dottedDesiredPath(key: string): string[] | null {
  if (!key.startsWith(DOTTED_PREFIX)) return null;
  const path = key.slice(DOTTED_PREFIX.length).split(".");
  return path.some((segment) => segment === "") ? null : path;
}

/**
 * A layered deployment is recognised by its dotted `properties.desired.<path>` keys (reference
 * §5.3, CLI help). One dotted key anywhere is enough: a layer may still replace a custom module's
 * whole section with a plain `properties.desired` next to it.
 */
export function isLayeredContent(mc: ModulesContent): boolean {
  return Object.values(mc).some((entry) => entry !== null && typeof entry === "object" && Object.keys(entry).some((key) => key.startsWith(DOTTED_PREFIX)));
}
