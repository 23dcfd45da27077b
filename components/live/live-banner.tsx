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
