import { sql } from "drizzle-orm";
import type { JsonObject } from "@/lib/domain/twins";
import { planSectionWrite } from "@/lib/domain/twins/plan-section-write";
import { rowsOf, type Executor } from "./store";

/**
 * `$lastUpdatedVersion` differs per twin (each twin has its own desired `$version`), but the
 * metadata is otherwise the same for every twin of a group: it is built once with this stand-in
 * version and the stand-in is replaced by each row's new version inside the statement. Twin keys
 * cannot start with `$`, so the exact text `"$lastUpdatedVersion":-424242` only ever comes from here.
 */
const STAND_IN_VERSION = -424242;
const STAND_IN_TEXT = `"$lastUpdatedVersion":${STAND_IN_VERSION}`;

/**
 * Replaces the desired properties of module `moduleId` on every device of reconcile group `groupKey`
 * (the temp table `reconcile_group`, see reconcile-deployments.ts) whose desired document differs,
 * with the twin rules of a service replace: new `$version`, `$metadata`, revision rows (so history,
 * revert and the device's desired notification work as for any other write) and one change-feed
 * row per twin. Set-based: one statement, whatever the number of devices. Returns the twins written.
 */
export async function writeDeploymentDesired(
  tx: Executor,
  groupKey: string,
  moduleId: string,
  desired: JsonObject,
  options: { now: string; actor: string },
): Promise<number> {
  // Validates (key rules, 32 KB) and normalises once for the whole group; throws AppError if invalid.
  const planned = planSectionWrite("desired", { doc: {}, metadata: {}, version: STAND_IN_VERSION - 1 }, desired, {
    mode: "replace",
    now: options.now,
  });
  const doc = JSON.stringify(planned.doc);
  const metadata = JSON.stringify(planned.metadata);
  const [row] = await rowsOf<{ n: number }>(
    tx,
    sql`with updated as (
          update modules m set desired = ${doc}::jsonb,
            desired_metadata = replace(${metadata}::text, ${STAND_IN_TEXT}::text, '"$lastUpdatedVersion":' || (m.desired_version + 1))::jsonb,
            desired_version = m.desired_version + 1, twin_version = m.twin_version + 1
          from reconcile_group g
          where g.set_key = ${groupKey} and m.device_id = g.device_id and m.module_id = ${moduleId}
            and m.desired is distinct from ${doc}::jsonb
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
