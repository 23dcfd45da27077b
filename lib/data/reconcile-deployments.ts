import { sql } from "drizzle-orm";
import type { JsonObject } from "@/lib/domain/twins";
import type { DeploymentRow } from "./deployment-rows";
import { planAssignments } from "./plan-deployment-assignments";
import { insertAuditSql } from "./record-audit";
import { refreshDeploymentMetrics } from "./refresh-deployment-metrics";
import { getStore, rowsOf } from "./store";
import { writeDeploymentDesired, type DesiredWrite } from "./write-deployment-desired";

export type ReconcileSummary = {
  deployments: number;
  targetedDevices: number;
  groups: number;
  twinsWritten: number;
  /** Groups whose merged desired document broke a twin rule (e.g. layers adding up past 32 KB). */
  problems: { deployments: string[]; moduleId: string; message: string }[];
  metricsChanged: number;
  /** Some target condition reads reported properties: device reports can change who is targeted. */
  readsReported: boolean;
  /**
   * Milliseconds per phase, for benchmarks and logs: targeting (until the groups are known), desired
   * writes (with the assignments written alongside, see planAssignments), metrics.
   */
  timings: { matchMs: number; writeMs: number; metricsMs: number };
};

/** Devices per write statement: each chunk is a short transaction, so device reports never wait long. */
const CHUNK = 5000;
/** Write statements in flight (PostgreSQL works on two chunks while Node prepares the next). */
const PARALLEL = 2;

/**
 * Applies every deployment to the devices it targets (reference §5.2, §5.3), set-based:
 * 1. one transaction (under an advisory lock) evaluates every target condition over every edge
 *    device in one statement, groups devices by the exact set of deployments targeting them, merges
 *    each group once (lib/domain/deployments) and brings `deployment_assignments` in line
 *    (plan-deployment-assignments.ts), the latter while step 2 already runs;
 * 2. then, per group and module twin, chunks of devices get the merged desired properties where
 *    they differ, with the `$edgeAgent` twin's `configurations` (Applied/Targeted) in the same row
 *    update; each chunk is one statement with its revisions, feed rows and NOTIFY.
 * Idempotent: a pass over an unchanged fleet writes nothing, so it runs on every trigger and
 * periodically. Passes of one process never overlap (the worker serialises them); passes of two
 * processes may interleave their chunk writes, and the later pass's result stands.
 * A device that stops matching falls back to its next deployment; with none left its modules stay
 * as they are (deleting a deployment never removes modules), only `configurations` is cleared.
 */
export async function reconcileDeployments(
  now: Date,
  actor = "system:deployments",
  /**
   * Only these devices (their tags changed, they were just created): targeting, assignments and
   * writes for them alone, and no metrics refresh (the caller schedules that, throttled). A pass
   * over one device costs milliseconds where a fleet pass costs seconds at 100,000 devices.
   */
  options: { deviceIds?: readonly string[] } = {},
): Promise<ReconcileSummary> {
  const started = performance.now();
  const scoped = options.deviceIds !== undefined;
  const plan = await planAssignments(now, options.deviceIds);
  const matched = performance.now();
  const byId = new Map(plan.deployments.map((d) => [d.id, d]));
  const problems: ReconcileSummary["problems"] = [];
  const writes: { write: DesiredWrite; members: string[] }[] = [];
  for (const group of plan.groups) {
    const members = group.key.split("/").map((id) => byId.get(id)).filter((d): d is DeploymentRow => d !== undefined);
    const { merged } = group;
    const configurations: JsonObject = Object.fromEntries(Object.entries(merged.statusById).map(([id, status]) => [id, { status }]));
    const modules: [string, JsonObject | undefined][] = Object.entries(merged.desiredByModule);
    if (!merged.desiredByModule.$edgeAgent) modules.push(["$edgeAgent", undefined]);
    for (const [moduleId, desired] of modules) {
      for (let i = 0; i < group.deviceIds.length; i += CHUNK) {
        const deviceIds = group.deviceIds.slice(i, i + CHUNK);
        writes.push({ write: { moduleId, desired, deviceIds, ...(moduleId === "$edgeAgent" ? { configurations } : {}) }, members: members.map((d) => d.id) });
      }
    }
  }
  const { db } = await getStore();
  let twinsWritten = 0;
  const failed = new Set<string>();
  const queue = [...writes];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const key = `${next.members.join("/")}|${next.write.moduleId}`;
      if (failed.has(key)) continue;
      try {
        // Not `twinsWritten += await …`: that reads the sum before the await and loses the other worker's writes.
        const count = await writeDeploymentDesired(db, next.write, { now: now.toISOString(), actor });
        twinsWritten += count;
      } catch (error) {
        failed.add(key);
        problems.push({ deployments: next.members, moduleId: next.write.moduleId, message: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  // The assignments were written beside the desired writes (plan-deployment-assignments.ts); the
  // metrics count them, and a pass is over only once they are in.
  await plan.assignmentsCommitted();
  if (twinsWritten > 0) {
    const after = { twinsWritten, groups: plan.groups.length, deployments: plan.deployments.map((d) => d.id), ...(scoped ? { devices: plan.targetedDevices } : {}) };
    await rowsOf(db, insertAuditSql({ actor, action: "deployment.apply", targetKind: "deployment", targetId: "*", after }, sql`null`));
  }
  const written = performance.now();
  const metricsChanged = scoped ? 0 : await refreshDeploymentMetrics();
  return {
    deployments: plan.deployments.length,
    targetedDevices: plan.targetedDevices,
    groups: plan.groups.length,
    twinsWritten,
    problems,
    metricsChanged,
    readsReported: plan.deployments.some((d) => /properties\s*\.\s*reported/i.test(d.target_condition)),
    timings: { matchMs: Math.round(matched - started), writeMs: Math.round(written - matched), metricsMs: Math.round(performance.now() - written) },
  };
}
