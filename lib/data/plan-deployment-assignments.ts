import { sql, type SQL } from "drizzle-orm";
import { mergeDeployments, type MergeResult, type ModulesContent } from "@/lib/domain/deployments";
import { compileTargetCondition } from "@/lib/domain/fleet/target-condition";
import { SqlParams } from "@/lib/domain/query/values";
import { ADVISORY_LOCKS } from "./advisory-locks";
import { fromCompiled } from "./compiled-sql";
import type { DeploymentRow } from "./deployment-rows";
import { getStore, rowsOf, type Executor } from "./store";

/** Ids cannot contain `/` (reference §5.1), so it separates them in a group key. */
const KEY_SEPARATOR = "/";

export type AssignmentGroup = { key: string; deviceIds: string[]; merged: MergeResult };
export type AssignmentTargets = { deployments: DeploymentRow[]; groups: AssignmentGroup[]; targetedDevices: number };
export type AssignmentPlan = AssignmentTargets & {
  /** Resolves once `deployment_assignments` and the cleared statuses are committed; rejects if that failed. */
  assignmentsCommitted(): Promise<void>;
};

/**
 * Step 1 of a reconcile pass, in one transaction under an advisory lock: which edge devices each
 * deployment targets (every target condition in one statement), devices grouped by the exact set of
 * deployments targeting them, one merge per group (§5.3), and `deployment_assignments` brought in
 * line with Applied/Targeted in one upsert. Devices no deployment targets any more lose their
 * `$edgeAgent` `configurations`; their desired properties stay.
 *
 * The groups are handed back as soon as they are known, while the transaction goes on with the
 * assignments: the caller's desired writes (other connections, other rows) overlap with it instead
 * of waiting, which keeps both cores busy (the assignment statements run on one). Whoever needs the
 * assignments (the metrics) waits for `assignmentsCommitted()`. On PGlite, with one connection, the
 * writes simply queue behind the transaction.
 */
export async function planAssignments(now: Date, scope?: readonly string[]): Promise<AssignmentPlan> {
  // `scope`: only these devices are re-evaluated (a tag write, a device created); assignments and
  // `configurations` of every other device stay as the last pass left them.
  const scopeJson = scope ? JSON.stringify(scope) : null;
  const inScope = (column: SQL) => (scopeJson === null ? sql`true` : sql`${column} = any(array(select jsonb_array_elements_text(${scopeJson}::jsonb)))`);
  const { db } = await getStore();
  let handOver!: (targets: AssignmentTargets) => void;
  const targetsKnown = new Promise<AssignmentTargets>((resolve) => (handOver = resolve));
  const committed = db.transaction(async (tx) => {
    await rowsOf(tx, sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.reconcile})`);
    const deployments = await rowsOf<DeploymentRow>(tx, sql`select * from deployments order by id`);
    // Nothing to apply and nothing left over from earlier deployments: skip the temp tables (on
    // PGlite every statement waits in one queue with the console's and the devices' requests).
    if (deployments.length === 0) {
      const [leftover] = await rowsOf<{ any: boolean }>(
        tx,
        sql`select exists (select 1 from deployment_assignments d where ${inScope(sql`d.device_id`)})
          or exists (select 1 from modules m where m.module_id = '$edgeAgent' and m.configurations <> '{}'::jsonb and ${inScope(sql`m.device_id`)}) as any`,
      );
      if (!leftover?.any) return handOver({ deployments, groups: [], targetedDevices: 0 });
    }
    await groupDevices(tx, deployments, scope);
    const rows = await rowsOf<{ set_key: string; device_ids: string[] }>(
      tx,
      sql`select set_key, json_agg(device_id order by device_id) as device_ids from reconcile_group group by set_key order by set_key`,
    );
    const byId = new Map(deployments.map((d) => [d.id, d]));
    const groups = rows.map((row): AssignmentGroup => {
      const members = row.set_key.split(KEY_SEPARATOR).map((id) => byId.get(id)).filter((d): d is DeploymentRow => d !== undefined);
      const merged = mergeDeployments(
        members.map((d) => ({ id: d.id, priority: d.priority, createdTimeUtc: new Date(d.created_time).toISOString(), modulesContent: d.modules_content as ModulesContent })),
      );
      return { key: row.set_key, deviceIds: row.device_ids, merged };
    });
    handOver({ deployments, groups, targetedDevices: groups.reduce((sum, g) => sum + g.deviceIds.length, 0) });
    await matchPairs(tx);
    const applied = Object.fromEntries(groups.map((g) => [g.key, Object.keys(g.merged.statusById).filter((id) => g.merged.statusById[id] === "Applied")]));
    // What each matched (deployment, device) should say, beside what it says now (null: new).
    await rowsOf(
      tx,
      sql`create temp table if not exists reconcile_wanted on commit drop as
          with applied as (select key as set_key, value as ids from jsonb_each(${JSON.stringify(applied)}::jsonb))
          select m.deployment_id, m.device_id, case when a.ids ? m.deployment_id then 'Applied' else 'Targeted' end as status, d.status as current
          from reconcile_match m join reconcile_group g on g.device_id = m.device_id join applied a on a.set_key = g.set_key
            left join deployment_assignments d on d.deployment_id = m.deployment_id and d.device_id = m.device_id`,
    );
    // Without statistics a one-device pass hash-joins all of `deployment_assignments` below.
    await rowsOf(tx, sql`analyze reconcile_wanted`);
    // Devices no deployment targets any more lose their statuses (`cleared`). No index covers
    // `configurations` (one would make every deployment write to `$edgeAgent` a non-HOT update), so
    // it looks only at devices whose last assignment goes now; while no deployment exists at all, at
    // every `$edgeAgent` in scope (statuses a pass of another node wrote for a deleted deployment).
    // New assignments are plain inserts, not an upsert (ON CONFLICT's speculative insertion costs
    // about twice as much): only this pass writes assignments, under the advisory lock. Their source
    // is the temp table, never `deployment_assignments` itself: an anti-join against the table being
    // inserted into can plan as a nested loop over its growing heap (minutes at 100,000 rows).
    await rowsOf(
      tx,
      sql`with removed as (
            delete from deployment_assignments d
            where ${inScope(sql`d.device_id`)} and not exists (select 1 from reconcile_match m where m.device_id = d.device_id and m.deployment_id = d.deployment_id)
            returning d.device_id
          ),
          cleared as (
            update modules m set configurations = '{}'::jsonb
            where m.module_id = '$edgeAgent' and m.configurations <> '{}'::jsonb
              and ${deployments.length === 0 ? inScope(sql`m.device_id`) : sql`m.device_id in (select device_id from removed)`}
              and not exists (select 1 from reconcile_group g where g.device_id = m.device_id)
          ),
          changed as (
            update deployment_assignments d set status = w.status, since = ${now.toISOString()}::timestamptz
            from reconcile_wanted w where w.current <> w.status and d.deployment_id = w.deployment_id and d.device_id = w.device_id
          )
          insert into deployment_assignments (deployment_id, device_id, status, since)
          select w.deployment_id, w.device_id, w.status, ${now.toISOString()}::timestamptz from reconcile_wanted w where w.current is null`,
    );
  });
  // Either the targets arrive, or the transaction failed before handing them over.
  const targets = await Promise.race([targetsKnown, committed.then(() => targetsKnown)]);
  // Settled here, so that a failure while the caller is still writing is not an unhandled rejection.
  const outcome = committed.then(
    () => null,
    (error: unknown) => ({ error }),
  );
  return {
    ...targets,
    async assignmentsCommitted() {
      const failed = await outcome;
      if (failed) throw failed.error;
    },
  };
}

/**
 * `reconcile_group(device_id, set_key)`: every edge device some deployment targets, with the ids of
 * those deployments in id order (the group key), from one scan of `devices` that evaluates every
 * target condition. Building the key in the scan, not with `string_agg(… order by …)` over
 * (device, deployment) pairs, saves an ordered aggregate, which sorts each device's few rows on its own.
 */
async function groupDevices(tx: Executor, deployments: DeploymentRow[], scope: readonly string[] | undefined) {
  const params = new SqlParams();
  const hits: string[] = [];
  for (const d of deployments) {
    try {
      hits.push(`case when (${compileTargetCondition(d.target_condition, params)}) then ${params.text(d.id)}::text end`);
    } catch {
      // Conditions are checked when written; one that no longer compiles (a grammar change) targets nothing.
    }
  }
  // `deployments` come in id order, the order of the key; concat_ws skips the nulls (no hit).
  const key = hits.length > 0 ? `concat_ws(${params.text(KEY_SEPARATOR)}, ${hits.join(", ")})` : "''";
  const only = scope ? ` and t.device_id = any(array(select jsonb_array_elements_text(${params.text(JSON.stringify(scope))}::jsonb)))` : "";
  const final = params.finalize(`create temp table if not exists reconcile_group on commit drop as
    select device_id, set_key from (select t.device_id, ${key} as set_key from devices t where t.edge_enabled${only}) keyed
    where set_key <> ''`);
  await rowsOf(tx, fromCompiled(final.text, final.params));
}

/** `reconcile_match(device_id, deployment_id)`: the groups as pairs, for the assignment statements. */
async function matchPairs(tx: Executor) {
  await rowsOf(
    tx,
    sql`create temp table if not exists reconcile_match on commit drop as
        select device_id, string_to_table(set_key, ${KEY_SEPARATOR}) as deployment_id from reconcile_group`,
  );
  // Indexes built after the rows are in, in one pass each. Temp tables have no statistics: without
  // them the anti-join in planAssignments becomes a nested loop over (assignments x matches),
  // minutes at 100,000 devices.
  await rowsOf(tx, sql`create index on reconcile_group (device_id)`);
  await rowsOf(tx, sql`create index on reconcile_match (device_id, deployment_id)`);
  await rowsOf(tx, sql`analyze reconcile_match`);
  await rowsOf(tx, sql`analyze reconcile_group`);
}
