import { sql } from "drizzle-orm";
import { CHANGE_CHANNEL } from "@/db/client";
import { mergeDeployments, type DeploymentForMerge, type ModulesContent } from "@/lib/domain/deployments";
import { compileTargetCondition } from "@/lib/domain/fleet/target-condition";
import { SqlParams } from "@/lib/domain/query/values";
import { fromCompiled } from "./compiled-sql";
import type { DeploymentRow } from "./deployment-rows";
import { insertAuditSql } from "./record-audit";
import { refreshDeploymentMetrics } from "./refresh-deployment-metrics";
import { getStore, rowsOf, type Executor } from "./store";
import { writeDeploymentDesired } from "./write-deployment-desired";

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
  /** Milliseconds per phase (match + assignments, desired writes, commit, metrics), for benchmarks and logs. */
  timings: { matchMs: number; writeMs: number; commitMs: number; metricsMs: number };
};

/** Ids cannot contain `/` (reference §5.1), so it separates them in a group key. */
const KEY_SEPARATOR = "/";
const RECONCILE_LOCK = 7_241_001;

/**
 * Applies every deployment to the devices it targets (reference §5.2, §5.3), set-based:
 * 1. one statement evaluates all target conditions over all edge devices into `reconcile_match`;
 * 2. `deployment_assignments` is brought in line (new matches added, lost ones removed);
 * 3. devices are grouped by the exact set of deployments targeting them: every device of a group
 *    gets the same merged result, so the merge runs once per group (in TypeScript, lib/domain);
 * 4. per group, one statement per module twin writes the merged desired properties where they
 *    differ, and the Applied/Targeted status lands in the assignments and the `$edgeAgent` twin's
 *    `configurations`.
 * Idempotent: a pass over an unchanged fleet writes nothing, so it can run on every trigger and
 * periodically. Nodes take a transaction-level advisory lock, so passes never interleave.
 * A device that stops matching falls back to its next deployment; with none left its modules stay
 * as they are (deleting a deployment never removes modules), only `configurations` is cleared.
 */
export async function reconcileDeployments(now: Date, actor = "system:deployments"): Promise<ReconcileSummary> {
  const { db } = await getStore();
  const started = performance.now();
  let matched = started;
  let written = started;
  const summary = await db.transaction(async (tx) => {
    await rowsOf(tx, sql`select pg_advisory_xact_lock(${RECONCILE_LOCK})`);
    const deployments = await rowsOf<DeploymentRow>(tx, sql`select * from deployments order by id`);
    await matchDevices(tx, deployments);
    const { groups, targetedDevices } = await syncAssignments(tx, now);
    matched = performance.now();
    const byId = new Map(deployments.map((d) => [d.id, d]));
    const readsReported = deployments.some((d) => /properties\s*\.\s*reported/i.test(d.target_condition));
    const timings = { matchMs: 0, writeMs: 0, commitMs: 0, metricsMs: 0 };
    const result: ReconcileSummary = { deployments: deployments.length, targetedDevices, groups: groups.length, twinsWritten: 0, problems: [], metricsChanged: 0, readsReported, timings };
    for (const key of groups) {
      const members = key.split(KEY_SEPARATOR).map((id) => byId.get(id)).filter((d): d is DeploymentRow => d !== undefined);
      result.twinsWritten += await applyGroup(tx, key, members, now, actor, result.problems);
    }
    await clearUntargetedConfigurations(tx);
    if (result.twinsWritten > 0) {
      await rowsOf(
        tx,
        insertAuditSql(
          { actor, action: "deployment.apply", targetKind: "deployment", targetId: deployments.map((d) => d.id).join(",").slice(0, 500), after: { twinsWritten: result.twinsWritten, groups: result.groups } },
          sql`null`,
        ),
      );
    }
    // One NOTIFY for the whole pass (architecture §3); the relay reads every row after its cursor.
    if (result.twinsWritten > 0) await rowsOf(tx, sql`select pg_notify(${CHANGE_CHANNEL}, (select max(seq) from changes)::text)`);
    written = performance.now();
    return result;
  });
  const committed = performance.now();
  summary.metricsChanged = await refreshDeploymentMetrics();
  summary.timings = {
    matchMs: Math.round(matched - started),
    writeMs: Math.round(written - matched),
    commitMs: Math.round(committed - written),
    metricsMs: Math.round(performance.now() - committed),
  };
  return summary;
}

/** `reconcile_match(device_id, deployment_id)`: every (edge device, deployment) whose condition holds. */
async function matchDevices(tx: Executor, deployments: DeploymentRow[]) {
  await rowsOf(tx, sql`create temp table if not exists reconcile_match (device_id text not null, deployment_id text not null) on commit drop`);
  if (deployments.length === 0) return;
  const params = new SqlParams();
  const rows: string[] = [];
  for (const d of deployments) {
    try {
      rows.push(`(${params.text(d.id)}, (${compileTargetCondition(d.target_condition, params)}))`);
    } catch {
      // Conditions are checked when written; one that no longer compiles (a grammar change) targets nothing.
    }
  }
  if (rows.length === 0) return;
  const text = `insert into reconcile_match (device_id, deployment_id)
    select t.device_id, d.id from devices t cross join lateral (values ${rows.join(", ")}) as d(id, hit)
    where t.edge_enabled and d.hit`;
  const final = params.finalize(text);
  await rowsOf(tx, fromCompiled(final.text, final.params));
}

async function syncAssignments(tx: Executor, now: Date) {
  await rowsOf(
    tx,
    sql`delete from deployment_assignments a where not exists
          (select 1 from reconcile_match m where m.device_id = a.device_id and m.deployment_id = a.deployment_id)`,
  );
  await rowsOf(
    tx,
    sql`insert into deployment_assignments (deployment_id, device_id, status, since)
        select deployment_id, device_id, 'Targeted', ${now.toISOString()}::timestamptz from reconcile_match
        on conflict do nothing`,
  );
  await rowsOf(
    tx,
    sql`create temp table if not exists reconcile_group on commit drop as
        select device_id, string_agg(deployment_id, ${KEY_SEPARATOR} order by deployment_id) as set_key
        from deployment_assignments group by device_id`,
  );
  await rowsOf(tx, sql`create index on reconcile_group (set_key)`);
  const rows = await rowsOf<{ set_key: string; n: number }>(tx, sql`select set_key, count(*)::int as n from reconcile_group group by set_key order by set_key`);
  return { groups: rows.map((r) => r.set_key), targetedDevices: rows.reduce((sum, r) => sum + r.n, 0) };
}

async function applyGroup(tx: Executor, key: string, members: DeploymentRow[], now: Date, actor: string, problems: ReconcileSummary["problems"]) {
  const merged = mergeDeployments(
    members.map((d): DeploymentForMerge => ({
      id: d.id,
      priority: d.priority,
      createdTimeUtc: new Date(d.created_time).toISOString(),
      modulesContent: d.modules_content as ModulesContent,
    })),
  );
  const applied = Object.entries(merged.statusById).filter(([, s]) => s === "Applied").map(([id]) => id);
  const configurations = Object.fromEntries(Object.entries(merged.statusById).map(([id, status]) => [id, { status }]));
  const status = sql`(case when a.deployment_id in (select jsonb_array_elements_text(${JSON.stringify(applied)}::jsonb)) then 'Applied' else 'Targeted' end)`;
  await rowsOf(
    tx,
    sql`update deployment_assignments a set status = ${status}, since = ${now.toISOString()}::timestamptz
        from reconcile_group g
        where g.set_key = ${key} and a.device_id = g.device_id and a.status <> ${status}`,
  );
  await rowsOf(
    tx,
    sql`update modules m set configurations = ${JSON.stringify(configurations)}::jsonb
        from reconcile_group g
        where g.set_key = ${key} and m.device_id = g.device_id and m.module_id = '$edgeAgent'
          and m.configurations is distinct from ${JSON.stringify(configurations)}::jsonb`,
  );
  let written = 0;
  for (const [moduleId, desired] of Object.entries(merged.desiredByModule)) {
    try {
      written += await writeDeploymentDesired(tx, key, moduleId, desired, { now: now.toISOString(), actor });
    } catch (error) {
      problems.push({ deployments: members.map((d) => d.id), moduleId, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return written;
}

async function clearUntargetedConfigurations(tx: Executor) {
  await rowsOf(
    tx,
    sql`update modules m set configurations = '{}'::jsonb
        where m.module_id = '$edgeAgent' and m.configurations <> '{}'::jsonb
          and not exists (select 1 from deployment_assignments a where a.device_id = m.device_id)`,
  );
}
