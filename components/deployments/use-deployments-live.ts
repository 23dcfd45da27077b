"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useDeploymentChanges, useLiveChanges } from "@/components/live/live-provider";
import { queryKeys } from "@/components/live/query-keys";

/**
 * The deployments list: `deployment.*` events of the fleet room (created, updated, deleted, and
 * metrics, which the reconciler recomputes as devices report) refetch it.
 */
export function useDeploymentsLive() {
  const client = useQueryClient();
  useLiveChanges(null, (event) => {
    if (event.kind.startsWith("deployment.")) void client.invalidateQueries({ queryKey: queryKeys.deployments() });
  });
}

/**
 * One deployment's page: only the events of its own room (`deployment:{id}`), so an open detail
 * page does not receive the whole fleet's traffic; they refetch the deployment and its devices.
 */
export function useDeploymentLive(id: string) {
  const client = useQueryClient();
  useDeploymentChanges(id, () => {
    void client.invalidateQueries({ queryKey: queryKeys.deployment(id) });
  });
}
