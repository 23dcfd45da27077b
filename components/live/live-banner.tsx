"use client";

import { useLiveStatus } from "./live-provider";

/** Says so when the live feed is down; it resumes by itself and replays what was missed. */
export function LiveBanner() {
  const status = useLiveStatus();
  if (status !== "offline") return null;
  return (
    <div role="status" data-testid="live-offline" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-900 dark:bg-amber-900/40 dark:text-amber-100">
      Live updates are disconnected. Reconnecting… what changed meanwhile will be caught up.
    </div>
  );
}

const INDICATOR = {
  live: { label: "Live updates on", dot: "bg-emerald-500" },
  connecting: { label: "Live updates connecting", dot: "bg-slate-400 animate-pulse" },
  offline: { label: "Live updates disconnected", dot: "bg-amber-500" },
} as const;

/** A dot in the header: whether what the page shows follows the hub as it changes. */
export function LiveIndicator() {
  const status = useLiveStatus();
  const { label, dot } = INDICATOR[status];
  return (
    <span data-testid="live-status" data-status={status} title={label} className="inline-flex h-5 w-5 shrink-0 items-center justify-center">
      <span aria-hidden className={`h-2.5 w-2.5 rounded-full ${dot}`} />
      <span className="sr-only">{label}</span>
    </span>
  );
}
