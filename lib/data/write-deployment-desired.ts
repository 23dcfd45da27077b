import { sql, type SQL } from "drizzle-orm";
import type { JsonObject } from "@/lib/domain/twins";
import { planSectionWrite } from "@/lib/domain/twins/plan-section-write";
import { notifySql } from "./record-changes";
import { rowsOf, type Executor } from "./store";

export type DesiredWrite = {
  moduleId: string;
  /** Undefined: only `configurations` changes (no base deployment applies to these devices). */
  desired?: JsonObject;
  /** For `$edgeAgent`: the `configurations` status map, written in the same row update. */
  configurations?: JsonObject;
  deviceIds: string[];
};

/**
 * Replaces the desired properties of one module on the given devices where they differ, with the
 * twin rules of a service replace: new `$version`, `$metadata`, revision rows (so history, revert
 * and the device's desired notification work as for any other write), one change-feed row per twin
 * and the statement's one NOTIFY: one statement per chunk of devices, a short transaction of its own.
 */
export async function writeDeploymentDesired(executor: Executor, write: DesiredWrite, options: { now: string; actor: string }): Promise<number> {
  const ids = JSON.stringify(write.deviceIds);
  const own = sql`m.device_id in (select jsonb_array_elements_text(${ids}::jsonb)) and m.module_id = ${write.moduleId}`;
  const written = write.desired ? await replaceDesired(executor, write.desired, write.moduleId, own, write.configurations, options) : 0;
  // Status changes without a desired change (a deployment Targeted on top, a lost base…).
  if (write.configurations) {
    await rowsOf(
      executor,
      sql`update modules m set configurations = ${JSON.stringify(write.configurations)}::jsonb
          where ${own} and m.configurations is distinct from ${JSON.stringify(write.configurations)}::jsonb`,
    );
  }
  return written;
}

/**
 * `$lastUpdatedVersion` differs per twin (each has its own desired `$version`), the rest of the
 * metadata does not: it is built once with this stand-in version, and the statement substitutes the
 * real one once per distinct version (nearly always one per chunk), never per row. Twin keys cannot
 * start with `$`, so the exact text `"$lastUpdatedVersion":-424242` only ever comes from here.
 */
const STAND_IN_VERSION = -424242;
const STAND_IN_TEXT = `"$lastUpdatedVersion":${STAND_IN_VERSION}`;

async function replaceDesired(
  executor: Executor,
  desired: JsonObject,
  moduleId: string,
  own: SQL,
  configurationsMap: JsonObject | undefined,
  options: { now: string; actor: string },
): Promise<number> {
  // Validates (key rules, 32 KB) and normalises once for the whole chunk; throws AppError if invalid.
  const planned = planSectionWrite("desired", { doc: {}, metadata: {}, version: STAND_IN_VERSION - 1 }, desired, { mode: "replace", now: options.now });
  const doc = JSON.stringify(planned.doc);
  const configurations = configurationsMap ? sql`, configurations = ${JSON.stringify(configurationsMap)}::jsonb` : sql``;
  const [row] = await rowsOf<{ n: number }>(
    executor,
    sql`with targets as materialized (select m.device_id, m.desired_version from modules m where ${own} and m.desired is distinct from ${doc}::jsonb),
        meta as (
          select v, replace(${JSON.stringify(planned.metadata)}::text, ${STAND_IN_TEXT}::text, '"$lastUpdatedVersion":' || (v + 1))::jsonb as metadata
          from (select distinct desired_version as v from targets) versions
        ),
        updated as (
          update modules m set desired = ${doc}::jsonb, desired_metadata = meta.metadata,
            desired_version = m.desired_version + 1, twin_version = m.twin_version + 1 ${configurations}
          from targets t join meta on meta.v = t.desired_version
          where m.device_id = t.device_id and m.module_id = ${moduleId} and m.desired_version = t.desired_version
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
          returning seq
        )
        select count(*)::int as n, ${notifySql(sql`feed`)} as notified from updated`,
  );
  return row?.n ?? 0;
}
