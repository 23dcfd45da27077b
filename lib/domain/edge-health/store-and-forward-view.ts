import { formatDuration, parseTime } from "./age";
import type { Tone } from "./desired-status";

/**
 * The device page's reading of `$edgeHub` reported `storeAndForward` (docs/simulator.md, "Store
 * and forward"): queues by priority, the oldest message's age against its TTL, time until the
 * first expiry, dropped/refused counts and storage used. Ages are aged from the report time to
 * `now`, since the hub reports only when its store changes (and not at all while offline).
 */
export type QueueView = { name: string; priority: string; length: number; bytes: number; oldestAge: string; firstExpiry: string };
export type StoreAndForwardView = {
  ttl: string;
  queueLength: number;
  storage: string;
  usedPercent: number | null;
  oldestAge: string;
  firstExpiry: string;
  droppedByTtl: number;
  refusedForSpace: number;
  forwarded: number;
  tone: Tone;
  headline: string;
  queues: QueueView[];
  reportedAt: Date | null;
};

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

const ttlText = (secs: number | null) => (secs === null ? "not reported" : secs < 0 ? "never expires" : formatDuration(secs * 1000).replace("just now", `${secs} s`));
const DEFAULT_PRIORITY = 2_000_000_000;

export function storeAndForwardView(reported: Record<string, unknown>, now: Date): StoreAndForwardView | null {
  const saf = obj(reported.storeAndForward);
  if (!saf) return null;
  const reportedAt = parseTime(saf.reportedTimeUtc);
  const since = reportedAt ? Math.max(0, now.getTime() - reportedAt.getTime()) : 0;
  const aged = (secs: number | null) => (secs === null ? "—" : formatDuration(secs * 1000 + since));
  const left = (secs: number | null) => (secs === null ? "—" : secs * 1000 - since <= 0 ? "due" : `in ${formatDuration(secs * 1000 - since)}`);
  const queueLength = num(saf.queueLength) ?? 0;
  const storageBytes = num(saf.storageBytes) ?? 0;
  const max = num(saf.maxSizeBytes);
  const dropped = num(saf.droppedByTtl) ?? 0;
  const refused = num(saf.refusedForSpace) ?? 0;
  const usedPercent = max === null ? null : max === 0 ? 100 : Math.min(100, Math.round((storageBytes / max) * 100));
  const queues: QueueView[] = Object.entries(obj(saf.queues) ?? {})
    .map(([name, v]) => ({ name, q: obj(v) ?? {} }))
    .map(({ name, q }) => ({ name, p: num(q.priority) ?? DEFAULT_PRIORITY, q }))
    .sort((a, b) => a.p - b.p)
    .map(({ name, p, q }) => ({
      name,
      priority: p === DEFAULT_PRIORITY ? "default" : String(p),
      length: num(q.length) ?? 0,
      bytes: num(q.bytes) ?? 0,
      oldestAge: aged(num(q.oldestAgeSecs)),
      firstExpiry: left(num(q.timeUntilFirstExpirySecs)),
    }));
  const full = refused > 0 && usedPercent !== null && usedPercent >= 90;
  const tone: Tone = full ? "error" : refused > 0 || dropped > 0 ? "warn" : "ok";
  const headline = full
    ? `Store full: ${refused} message${refused === 1 ? "" : "s"} refused`
    : refused > 0
      ? `${refused} refused for space`
      : dropped > 0
        ? `${dropped} expired (TTL)`
        : queueLength > 0
          ? `${queueLength} waiting`
          : "Nothing stored";
  return {
    ttl: ttlText(num(saf.timeToLiveSecs)),
    queueLength,
    storage: max === null ? `${formatBytes(storageBytes)} (no cap)` : `${formatBytes(storageBytes)} of ${formatBytes(max)}`,
    usedPercent,
    oldestAge: aged(num(saf.oldestAgeSecs)),
    firstExpiry: left(num(saf.timeUntilFirstExpirySecs)),
    droppedByTtl: dropped,
    refusedForSpace: refused,
    forwarded: num(saf.forwarded) ?? 0,
    tone,
    headline,
    queues,
    reportedAt,
  };
}
