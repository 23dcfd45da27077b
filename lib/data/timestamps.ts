/**
 * Drivers hand timestamptz back as a Date (PGlite) or as PostgreSQL text
 * (`2026-01-02 03:04:05.678+00`, postgres.js through drizzle). One parser for both.
 */
export function parseDbTime(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"));
  return Number.isNaN(date.getTime()) ? null : date;
}
