"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { useLiveChanges } from "@/components/live/live-provider";
import { queryKeys } from "@/components/live/query-keys";

/**
 * Keeps the deployment queries live while mounted: `deployment.*` events (created, updated,
 * deleted, metrics; fleet room) refetch them, and so does any `$edgeAgent` reported change, because
 * a device's rollout state (and the failures named on the detail page) comes from that twin even
 * when no count moves. Refetches are coalesced to one per second.
 */
export function useDeploymentsLive() {
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveChanges(null, (event) => {
    const kind = event.kind as string;
    const isRelevant = kind.startsWith("deployment.") || (kind === "twin.reported" && event.moduleId === "$edgeAgent");
    if (!isRelevant || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void client.invalidateQueries({ queryKey: queryKeys.deployments() });
    }, kind.startsWith("deployment.") ? 0 : 1000);
  });
}
