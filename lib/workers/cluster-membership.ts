import { heartbeat, leaveCluster, sweepDeadNodes } from "@/lib/data/cluster-nodes";

/**
 * This process's membership of the cluster (architecture "As built": several processes on one
 * PostgreSQL): a heartbeat, and a sweep that releases the sessions of nodes that stopped beating.
 * The first heartbeat is written before the caller opens the MQTT endpoint, so no session is ever
 * recorded under a node the others cannot see.
 */
export async function joinCluster(nodeId: string, timeoutSeconds: number): Promise<{ leave(): Promise<void> }> {
  await heartbeat(nodeId, new Date());
  const everyMs = Math.max(500, (timeoutSeconds * 1000) / 3);
  const timer = setInterval(async () => {
    try {
      const now = new Date();
      await heartbeat(nodeId, now);
      const released = await sweepDeadNodes(now, timeoutSeconds);
      if (released > 0) console.log(`[cluster] marked ${released} identities Disconnected: their server node stopped`);
    } catch (error) {
      console.error("[cluster] heartbeat failed", error instanceof Error ? error.message : error);
    }
  }, everyMs);
  timer.unref();
  return {
    async leave() {
      clearInterval(timer);
      await leaveCluster(nodeId).catch(() => {});
    },
  };
}
