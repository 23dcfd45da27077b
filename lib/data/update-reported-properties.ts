import { sql, type SQL } from "drizzle-orm";
import type { JsonObject } from "@/lib/domain/twins";
import { planSectionWrite } from "@/lib/domain/twins/plan-section-write";
import type { WriteContext } from "./create-or-update-device";
import { insertChangesSql, notifySql } from "./record-changes";
import { notFound, type TwinTarget } from "./select-twin-row";
import { getStore, rowsOf, type Executor } from "./store";

type ReportedRow = { reported: JsonObject; reported_metadata: JsonObject; reported_version: number };

/** Lost races before the write takes the row lock instead (see below). */
const OPTIMISTIC_ATTEMPTS = 3;

/**
 * Device-side write of `properties.reported` (reference §2.2, §10): merge patch with reported
 * semantics. Returns the new reported `$version`, which the MQTT answer carries.
 *
 * Devices report far more often than operators write, so this is the hub's hottest write. It is
 * optimistic, as `updateTwin()` is: read the reported section, plan the merge, then one autocommit
 * statement writes the row, the revision row, the change-feed row and the NOTIFY only if
 * `reported_version` is still the one read (two round trips instead of a five-statement locked
 * transaction). A concurrent report in between makes the statement match no row: plan again on
 * the newer section; after a few lost races take the row lock, so the write is sure to progress.
 */
export async function updateReportedProperties(target: TwinTarget, patch: unknown, context: WriteContext) {
  const now = context.now.toISOString();
  const { db } = await getStore();
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    const row = await readReported(db, target, false);
    const version = await write(db, target, row, patch, context, now, true);
    if (version !== undefined) return { version };
  }
  return db.transaction(async (tx) => {
    const row = await readReported(tx, target, true);
    return { version: (await write(tx, target, row, patch, context, now, false))! };
  });
}

async function readReported(executor: Executor, target: TwinTarget, forUpdate: boolean): Promise<ReportedRow> {
  const lock = forUpdate ? sql` for update` : sql``;
  const [row] = await rowsOf<ReportedRow>(executor, sql`select reported, reported_metadata, reported_version from ${tableOf(target)} where ${identityOf(target)}${lock}`);
  if (!row) throw notFound(target);
  return row;
}

/** Plans the merge on `row` (throws AppError on a broken rule) and writes it; undefined when the version moved on. */
async function write(executor: Executor, target: TwinTarget, row: ReportedRow, patch: unknown, context: WriteContext, now: string, compareAndSet: boolean) {
  const reported = planSectionWrite("reported", { doc: row.reported, metadata: row.reported_metadata, version: row.reported_version }, patch, { mode: "patch", now });
  const where = compareAndSet ? sql`${identityOf(target)} and reported_version = ${row.reported_version}` : identityOf(target);
  const whenUpdated = sql`exists (select 1 from updated)`;
  const written = await rowsOf<{ version: number }>(
    executor,
    sql`with updated as (
          update ${tableOf(target)} set reported = ${JSON.stringify(reported.doc)}::jsonb,
            reported_metadata = ${JSON.stringify(reported.metadata)}::jsonb, reported_version = ${reported.version}
          where ${where} returning reported_version),
        revision as (
          insert into twin_revisions (device_id, module_id, section, version, operation, patch, actor)
          select ${target.deviceId}, ${target.moduleId ?? ""}, 'reported', ${reported.version}, 'patch', ${JSON.stringify(patch)}::jsonb, ${context.actor}
          from updated),
        feed as (${insertChangesSql([{ kind: "twin.reported", ...target, version: reported.version }], whenUpdated)})
        select reported_version as version, ${notifySql(sql`feed`)} as notified from updated`,
  );
  return written[0] ? Number(written[0].version) : undefined;
}

const tableOf = (target: TwinTarget): SQL => (target.moduleId === undefined ? sql`devices` : sql`modules`);
const identityOf = (target: TwinTarget): SQL =>
  target.moduleId === undefined
    ? sql`device_id = ${target.deviceId}`
    : sql`device_id = ${target.deviceId} and module_id = ${target.moduleId}`;
