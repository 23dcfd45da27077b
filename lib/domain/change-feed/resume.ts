/**
 * What a socket that joins a room with a resume point (`since`, the last seq it saw) gets:
 * - `live`: no usable resume point; it only gets what happens from now on (the console refetches);
 * - `resync`: the feed no longer holds everything after its point (the retention sweep deleted
 *   older rows), so a replay would silently skip events: it must refetch instead;
 * - `replay`: the rows after `since` are all there.
 * `oldestRetained` is the smallest seq still stored (null: the feed is empty). Sequence values of
 * rolled-back writes leave gaps, so a point just below the oldest row may also resync: a refetch
 * too many is harmless, an event missed is not.
 */
export type ResumePlan = { kind: "live" } | { kind: "resync" } | { kind: "replay"; since: number };

export function planResume(since: unknown, oldestRetained: number | null): ResumePlan {
  const point = typeof since === "number" || typeof since === "string" ? Number(since) : Number.NaN;
  if (!Number.isSafeInteger(point) || point < 0) return { kind: "live" };
  if (oldestRetained !== null && point < oldestRetained - 1) return { kind: "resync" };
  return { kind: "replay", since: point };
}
