/**
 * Deployment (configuration) id rules, reference §5.1: at most 128 characters, lower-case, no
 * whitespace and none of `& ^ [ ] { } \ | " < > /`. Returns null when the id is acceptable, else a
 * message that names the first rule broken.
 */
export const CONFIGURATION_ID_MAX_LENGTH = 128;
const FORBIDDEN = new Set(["&", "^", "[", "]", "{", "}", "\\", "|", '"', "<", ">", "/"]);

export function validateConfigurationId(id: string): string | null {
  if (id.length === 0) return "Deployment id must not be empty";
  if (id.length > CONFIGURATION_ID_MAX_LENGTH) return `Deployment id must be at most ${CONFIGURATION_ID_MAX_LENGTH} characters (got ${id.length})`;
  if (/\s/u.test(id)) return "Deployment id must not contain spaces";
  const forbidden = [...id].find((c) => FORBIDDEN.has(c));
  if (forbidden !== undefined) return `Deployment id must not contain '${forbidden}' (none of & ^ [ ] { } \\ | " < > /)`;
  if (id !== id.toLowerCase()) return "Deployment id must be lower-case";
  return null;
}
