import { sql } from "drizzle-orm";
import type { JsonObject } from "@/lib/domain/twins";
import { planSectionWrite } from "@/lib/domain/twins/plan-section-write";
import { rowsOf, type Executor } from "./store";

/**
 * Replaces the desired properties of module `moduleId` on every device of reconcile group `groupKey`
 * (the temp table `reconcile_group`, see reconcile-deployments.ts) whose desired document differs,
 * with the twin rules of a service replace: new `$version`, `$metadata`, revision rows (so history,
 * revert and the device's desired notification work as for any other write) and one change-feed
 * row per twin. Set-based: one statement per group, module and distinct current `$version`.
 *
 * `$metadata` carries `$lastUpdatedVersion`, which depends on each twin's own `$version`. Twins of
 * a group nearly always share their version (they have been written together since), so the
 * metadata is built once per distinct version and handed to the statement as one parameter; building
 * or parsing it per row was most of the cost of a 100,000-device rollout.
 */
export async function writeDeploymentDesired(
  tx: Executor,
  groupKey: string,
  moduleId: string,
  desired: JsonObject,
  options: { now: string; actor: string },
): Promise<number> {
  // Validates (key rules, 32 KB) and normalises once for the whole group; throws AppError if invalid.
  const doc = JSON.stringify(planSectionWrite("desired", { doc: {}, metadata: {}, version: 0 }, desired, { mode: "replace", now: options.now }).doc);
  const versions = await rowsOf<{ v: number }>(
    tx,
    sql`select distinct m.desired_version as v from modules m, reconcile_group g
        where g.set_key = ${groupKey} and m.device_id = g.device_id and m.module_id = ${moduleId} and m.desired is distinct from ${doc}::jsonb`,
  );
  if (versions.length === 0) return 0;
  const metadataByVersion: Record<string, JsonObject> = {};
  for (const { v } of versions) {
    metadataByVersion[String(v)] = planSectionWrite("desired", { doc: {}, metadata: {}, version: Number(v) }, desired, { mode: "replace", now: options.now }).metadata;
  }
  const [row] = await rowsOf<{ n: number }>(
    tx,
    sql`with meta as (select key::int as v, value as metadata from jsonb_each(${JSON.stringify(metadataByVersion)}::jsonb)),
        updated as (
          update modules m set desired = ${doc}::jsonb, desired_metadata = meta.metadata,
            desired_version = m.desired_version + 1, twin_version = m.twin_version + 1
          from reconcile_group g, meta
          where g.set_key = ${groupKey} and m.device_id = g.device_id and m.module_id = ${moduleId}
            and m.desired is distinct from ${doc}::jsonb and meta.v = m.desired_version
          returning m.device_id, m.desired_version, m.twin_version
        ),
        revisions as (
          insert into twin_revisions (device_id, module_id, section, version, operation, patch, actor, twin_version, snapshot)
          select device_id, ${moduleId}, 'desired', desired_version, 'replace', ${doc}::jsonb, ${options.actor}, twin_version, ${doc}::jsonb from updated
        ),
        feed as (
          insert into changes (kind, device_id, module_id, version, payload)
          select 'twin.desired', device_id, ${moduleId}, desired_version,
            jsonb_build_object('twinVersion', twin_version, 'desiredVersion', desired_version, 'mode', 'replace') from updated
        )
        select count(*)::int as n from updated`,
  );
  return row?.n ?? 0;
}
