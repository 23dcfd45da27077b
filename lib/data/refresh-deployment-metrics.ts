import { sql } from "drizzle-orm";
import { compileMetricCount } from "@/lib/domain/fleet/target-condition";
import { SqlParams } from "@/lib/domain/query/values";
import { jsonEqual } from "@/lib/domain/twins";
import { ADVISORY_LOCKS } from "./advisory-locks";
import { fromCompiled } from "./compiled-sql";
import { recordChanges } from "./record-changes";
import { getStore, rowsOf, type Executor } from "./store";

type SystemCounts = { targetedCount: number; appliedCount: number; reportedSuccessfulCount: number; reportedFailedCount: number };

/**
 * Reporting success/failure exactly as IoT Hub defines them (reference §5.4): an Applied device
 * whose `$edgeAgent` reported `lastDesiredVersion` equals its desired `$version`, with
 * `lastDesiredStatus.code` 200 (success) or anything else (failure).
 */
const SYSTEM_COUNTS_SQL = sql`
  select a.deployment_id as id,
    count(*)::int as "targetedCount",
    (count(*) filter (where a.status = 'Applied'))::int as "appliedCount",
    (count(*) filter (where a.status = 'Applied' and ea.reported -> 'lastDesiredVersion' = to_jsonb(ea.desired_version)
      and ea.reported #>> '{lastDesiredStatus,code}' = '200'))::int as "reportedSuccessfulCount",
    (count(*) filter (where a.status = 'Applied' and ea.reported -> 'lastDesiredVersion' = to_jsonb(ea.desired_version)
      and ea.reported #>> '{lastDesiredStatus,code}' <> '200'))::int as "reportedFailedCount"
  from deployment_assignments a
  left join modules ea on ea.device_id = a.device_id and ea.module_id = '$edgeAgent'
  group by a.deployment_id`;

async function customCounts(executor: Executor, queries: Record<string, string>): Promise<Record<string, number>> {
  const names = Object.keys(queries);
  if (names.length === 0) return {};
  const params = new SqlParams();
  const columns: string[] = [];
  const counted: string[] = [];
  for (const name of names) {
    try {
      columns.push(`${compileMetricCount(queries[name]!, params, `metrics.queries.${name}`)} as c${counted.length}`);
      counted.push(name);
    } catch {
      // Checked when written; a query that no longer compiles has no result.
    }
  }
  if (counted.length === 0) return {};
  const final = params.finalize(`select ${columns.join(", ")}`);
  const [row] = await rowsOf<Record<string, number | string>>(executor, fromCompiled(final.text, final.params));
  return Object.fromEntries(counted.map((name, i) => [name, Number(row![`c${i}`])]));
}

/**
 * Recomputes every deployment's system and custom metrics and stores those that changed, with one
 * `deployment.metrics` feed event each (the consoles' counters update from it). Returns how many
 * deployments changed. Cheap enough to run after each reconcile and on `$edgeAgent` reports.
 *
 * One refresh at a time, in every process (a transaction under an advisory lock): two that
 * overlapped each compared their counts with the row they had read, so the one that counted first
 * could store its older counts last, and nothing corrected them until the next report (a rollout
 * page then showed "0 reporting success" while every device had reported success).
 */
export async function refreshDeploymentMetrics(): Promise<number> {
  const { db } = await getStore();
  return db.transaction(async (tx) => {
    await rowsOf(tx, sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.deploymentMetrics})`);
    const deployments = await rowsOf<{ id: string; metric_queries: Record<string, string>; metric_results: Record<string, number>; system_metric_results: Record<string, number> }>(
      tx,
      sql`select id, metric_queries, metric_results, system_metric_results from deployments`,
    );
    if (deployments.length === 0) return 0;
    const counts = new Map((await rowsOf<SystemCounts & { id: string }>(tx, SYSTEM_COUNTS_SQL)).map(({ id, ...c }) => [id, c]));
    const changed: { id: string; system: SystemCounts; custom: Record<string, number> }[] = [];
    for (const d of deployments) {
      const system = counts.get(d.id) ?? { targetedCount: 0, appliedCount: 0, reportedSuccessfulCount: 0, reportedFailedCount: 0 };
      const custom = await customCounts(tx, d.metric_queries);
      if (!jsonEqual(system, d.system_metric_results) || !jsonEqual(custom, d.metric_results)) changed.push({ id: d.id, system, custom });
    }
    for (const c of changed) {
      await rowsOf(
        tx,
        sql`update deployments set system_metric_results = ${JSON.stringify(c.system)}::jsonb, metric_results = ${JSON.stringify(c.custom)}::jsonb where id = ${c.id}`,
      );
    }
    if (changed.length > 0) {
      await recordChanges(tx, changed.map((c) => ({ kind: "deployment.metrics" as const, deviceId: "", payload: { id: c.id, ...c.system } })));
    }
    return changed.length;
  });
}
