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
 * The revision rows share one stored copy of the document (`twin_documents`): written into every
 * row, it was over a quarter of the write-ahead log of a fleet rollout.
 */
export async function writeDeploymentDesired(executor: Executor, write: DesiredWrite, options: { now: string; actor: string }): Promise<number> {
  const ids = JSON.stringify(write.deviceIds);
  // `= any(array(…))` is an init-plan parameter, so each read below is one primary-key scan of the
  // chunk's rows. A join against a CTE of the chunk instead let the planner hash-join a scan of the
  // module's rows in the whole fleet (100,000 rows read per 5,000-row chunk).
  const own = sql`m.device_id = any(array(select jsonb_array_elements_text(${ids}::jsonb))) and m.module_id = ${write.moduleId}`;
  const written = write.desired ? await replaceDesired(executor, write.desired, write.moduleId, own, write.configurations, options) : 0;
  // Status changes without a desired change (a deployment Targeted on top, a lost base…); the rows
  // the replace wrote got their `configurations` in the same update.
  if (write.configurations && written < write.deviceIds.length) {
    await rowsOf(
      executor,
      sql`with input as materialized (select ${JSON.stringify(write.configurations)}::jsonb as configurations)
          update modules m set configurations = input.configurations from input
          where ${own} and m.configurations is distinct from input.configurations`,
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
  // Every `$n::jsonb` cast of a parameter is parsed again for each row under a generic plan (and
  // postgres.js prepares statements, so plans turn generic): the documents are parsed once, in `input`.
  const configurations = configurationsMap ? sql`, configurations = input.configurations` : sql``;
  const [row] = await rowsOf<{ n: number }>(
    executor,
    sql`with input as materialized (select ${doc}::jsonb as doc, ${configurationsMap ? JSON.stringify(configurationsMap) : null}::jsonb as configurations),
        meta as materialized (
          select v, replace(${JSON.stringify(planned.metadata)}::text, ${STAND_IN_TEXT}::text, '"$lastUpdatedVersion":' || (v + 1))::jsonb as metadata
          from (select distinct m.desired_version as v from modules m, input where ${own} and m.desired is distinct from input.doc) versions
        ),
        updated as (
          update modules m set desired = input.doc, desired_metadata = meta.metadata,
            desired_version = m.desired_version + 1, twin_version = m.twin_version + 1 ${configurations}
          from meta, input
          where ${own} and m.desired is distinct from input.doc and m.desired_version = meta.v
          returning m.device_id, m.desired_version, m.twin_version
        ),
        document as (
          insert into twin_documents (doc) select input.doc from input where exists (select from updated) returning id
        ),
        revisions as (
          insert into twin_revisions (device_id, module_id, section, version, operation, actor, twin_version, document_id)
          select device_id, ${moduleId}, 'desired', desired_version, 'replace', ${options.actor}, twin_version, document.id from updated, document
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
