/**
 * A socket joins a room with a resume point (`since`, the last seq it saw) or without one. Without
 * a usable one it gets what happens from now on (the console refetches); with one it is replayed
 * the rows after it, unless the feed no longer holds them all.
 */

/** The resume point a join carries, or null when it has none usable (absent, negative, not an integer). */
export function resumePoint(since: unknown): number | null {
  const point = typeof since === "number" || typeof since === "string" ? Number(since) : Number.NaN;
  return Number.isSafeInteger(point) && point >= 0 ? point : null;
}

/**
 * Whether the feed still holds every event after `point`: false when the retention sweep deleted
 * some (`oldestRetained`, the smallest seq stored, is past the next one), and the socket must
 * resync instead of being replayed a feed with a hole in it. Null: the feed is empty. Sequence
 * values of rolled-back writes leave gaps, so a point just below the oldest row may also resync:
 * a refetch too many is harmless, an event missed is not.
 */
export function canReplayFrom(point: number, oldestRetained: number | null): boolean {
  return oldestRetained === null || point >= oldestRetained - 1;
}
