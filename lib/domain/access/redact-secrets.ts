/** Keys whose values never reach the audit trail or a log. */
const SECRET_KEYS = new Set([
  "primaryKey",
  "secondaryKey",
  "primary_key",
  "secondary_key",
  "password",
  "passwordHash",
  "password_hash",
  "SharedAccessKey",
  "sharedAccessKey",
  "token",
  "primaryConnectionString",
  "secondaryConnectionString",
]);

export const REDACTED = "[redacted]";

/** A deep copy with every secret value replaced (keys kept, so the record shows a key changed). */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEYS.has(key) && v !== null && v !== undefined ? REDACTED : redactSecrets(v);
  }
  return out as T;
}
