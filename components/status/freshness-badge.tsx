"use client";

import { judgeFreshness, trustedTone, type StatusSource, type Tone } from "@/lib/domain/edge-health";
import { useStaleAfterSeconds } from "./status-freshness-provider";

const TONES: Record<Tone | "stale", string> = {
  ok: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  warn: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100",
  error: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  unknown: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  // Not green: an old or frozen report says nothing about now.
  stale: "bg-slate-200 text-slate-700 ring-1 ring-amber-400 dark:bg-slate-800 dark:text-slate-300",
};

/**
 * The age and source of a reported status, as a small line: "2 min old" or, past
 * STATUS_STALE_SECONDS or while the reporter is offline, "stale · 12 min old" in amber.
 */
export function FreshnessNote(props: { at: unknown; source: StatusSource; isReporterOnline?: boolean; now: Date }) {
  const staleAfterSeconds = useStaleAfterSeconds();
  const f = judgeFreshness({ at: props.at, now: props.now, staleAfterSeconds, source: props.source, isReporterOnline: props.isReporterOnline });
  return (
    <span
      title={f.title}
      data-testid="freshness"
      data-freshness={f.state}
      className={`text-[11px] ${f.state === "fresh" ? "text-slate-500" : "font-medium text-amber-700 dark:text-amber-300"}`}
    >
      {f.label}
    </span>
  );
}

/** The badge colour of a status, downgraded from green when its report is stale. */
export function useTrustedTone(tone: Tone, at: unknown, source: StatusSource, isReporterOnline: boolean | undefined, now: Date): Tone | "stale" {
  const staleAfterSeconds = useStaleAfterSeconds();
  const f = judgeFreshness({ at, now, staleAfterSeconds, source, isReporterOnline });
  return trustedTone(tone, f);
}

/** A status badge that is never green unless its report is fresh; the text always names the status. */
export function TrustedBadge(props: {
  tone: Tone;
  at: unknown;
  source: StatusSource;
  isReporterOnline?: boolean;
  now: Date;
  title?: string;
  children: React.ReactNode;
}) {
  const tone = useTrustedTone(props.tone, props.at, props.source, props.isReporterOnline, props.now);
  return (
    <span title={props.title} data-tone={tone} className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ${TONES[tone]}`}>
      {props.children}
    </span>
  );
}
