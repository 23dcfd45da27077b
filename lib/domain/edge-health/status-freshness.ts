import { formatDuration, parseTime } from "./age";
import type { Tone } from "./desired-status";

/**
 * "Status you can trust": every status the console shows says where it comes from and how old it
 * is, and a reported status stops looking healthy once it is older than the stale threshold
 * (STATUS_STALE_SECONDS) or once the side that reports it is offline. The clock and the threshold
 * are passed in.
 */
export type StatusSource = "hub" | "edgeAgent" | "edgeHub" | "deployment";

/** Who vouches for the status, as the console words it. */
export const STATUS_SOURCE_LABELS: Record<StatusSource, string> = {
  hub: "hub MQTT endpoint",
  edgeAgent: "$edgeAgent reported",
  edgeHub: "$edgeHub reported",
  deployment: "$edgeAgent reported (deployment)",
};

export type Freshness = {
  state: "fresh" | "stale" | "unknown";
  /** Milliseconds since the status was recorded (0 for a clock slightly ahead); null when unknown. */
  ageMs: number | null;
  /** "12 min old", "just now", "age unknown". */
  ageText: string;
  /** Why it is stale: too old, or the reporter is offline (a frozen report). */
  reason: "old" | "reporter-offline" | null;
  /** What goes on the badge: "stale · 12 min old", "2 min old". */
  label: string;
  /** Hover text: source, time and age. */
  title: string;
};

export type FreshnessInput = {
  /** When the status was recorded (ISO); IoT Hub's 0001-01-01 and garbage count as unknown. */
  at: unknown;
  now: Date;
  staleAfterSeconds: number;
  source: StatusSource;
  /** False when the reporter (the device's `$edgeAgent`) is disconnected: its last report is frozen. */
  isReporterOnline?: boolean;
};

const ageTextOf = (ms: number) => {
  const d = formatDuration(ms);
  return d === "just now" ? d : `${d} old`;
};

export function judgeFreshness(input: FreshnessInput): Freshness {
  const source = STATUS_SOURCE_LABELS[input.source];
  const time = parseTime(input.at);
  if (!time) {
    return { state: "unknown", ageMs: null, ageText: "age unknown", reason: null, label: "age unknown", title: `Source: ${source}; never reported` };
  }
  const ageMs = Math.max(0, input.now.getTime() - time.getTime());
  const ageText = ageTextOf(ageMs);
  const title = `Source: ${source}; as of ${time.toISOString()} (${ageText})`;
  const reason = input.isReporterOnline === false ? "reporter-offline" : ageMs > input.staleAfterSeconds * 1000 ? "old" : null;
  if (reason) {
    const why = reason === "reporter-offline" ? "device offline" : ageText;
    return { state: "stale", ageMs, ageText, reason, label: `stale · ${why}`, title: `${title}; stale: ${reason === "old" ? `older than ${input.staleAfterSeconds} s` : "reported before the device went offline"}` };
  }
  return { state: "fresh", ageMs, ageText, reason: null, label: ageText, title };
}

/**
 * The tone to show for a status whose own tone is `tone`: a stale or unknown-age status never shows
 * green; its problems (warn/error) stay visible, since an old failure is still the last thing known.
 */
export function trustedTone(tone: Tone, freshness: Pick<Freshness, "state">): Tone | "stale" {
  if (freshness.state === "fresh") return tone;
  return tone === "ok" ? "stale" : tone;
}

export type PresenceText = { isOnline: boolean; text: string; title: string };

/**
 * "Connected since 10:02 (3 min)", "Offline since 09:50 (15 min)", "Never connected". `timeText`
 * formats the absolute time (the browser's locale; tests pass a fixed one).
 */
export function describePresence(
  state: string,
  since: unknown,
  now: Date,
  timeText: (d: Date) => string = (d) => d.toISOString(),
  source: "device" | "$edgeAgent" = "device",
): PresenceText {
  const isOnline = state === "Connected";
  const time = parseTime(since);
  const via = source === "$edgeAgent" ? "$edgeAgent connection" : "device connection";
  const title = `Source: ${STATUS_SOURCE_LABELS.hub} (${via})`;
  if (!time) return { isOnline, text: isOnline ? "Connected" : "Never connected", title };
  const duration = formatDuration(Math.max(0, now.getTime() - time.getTime()));
  const text = `${isOnline ? "Connected since" : "Offline since"} ${timeText(time)} (${duration})`;
  return { isOnline, text, title: `${title}; since ${time.toISOString()}` };
}
