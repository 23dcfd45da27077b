/**
 * "3 min ago" and "for 2 h": short, stable phrases for the age of a reported value. The clock is
 * passed in so that tests and the server render the same text.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** IoT Hub's "never" (0001-01-01) and anything unparsable are not a time. */
export function parseTime(value: unknown): Date | null {
  if (typeof value !== "string" || value === "") return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() <= 1) return null;
  return date;
}

/** A duration in the largest whole unit: "just now", "45 s", "3 min", "2 h", "4 d". */
export function formatDuration(ms: number): string {
  if (ms < 5_000) return "just now";
  if (ms < MINUTE) return `${Math.floor(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} d`;
}

/** "3 min ago", "just now" (also for a clock slightly ahead), or "never". */
export function formatAge(value: unknown, now: Date): string {
  const time = parseTime(value);
  if (!time) return "never";
  const duration = formatDuration(Math.max(0, now.getTime() - time.getTime()));
  return duration === "just now" ? duration : `${duration} ago`;
}
