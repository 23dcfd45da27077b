import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { redactSecrets } from "@/lib/domain/access";
import { AppError } from "@/lib/domain/errors";
import { compileFleetFilter, type FleetFilter } from "@/lib/domain/fleet/filter";
import { planTagPatch, type TagChange } from "@/lib/domain/fleet/tag-patch";
import { SqlParams } from "@/lib/domain/query/values";
import { isJsonObject, type JsonObject } from "@/lib/domain/twins";
import { validateTwinSection } from "@/lib/domain/twins/validate-section";
import { fromCompiled } from "./compiled-sql";
import type { WriteContext } from "./create-or-update-device";
import { getBulkJob, type BulkJob } from "./get-bulk-job";
import { recordAudit } from "./record-audit";
import { notifySql } from "./record-changes";
import { getStore, rowsOf, type Executor } from "./store";

/** Devices per transaction: big enough for set-based writes, small enough to keep row locks short. */
export const BULK_BATCH_SIZE = 500;
const SAMPLE_SIZE = 20;

export type TagPatchDryRun = {
  total: number;
  changed: number;
  unchanged: number;
  rejected: number;
  /** The first changed devices (in id order) with the touched keys before and after. */
  sample: TagChange[];
  rejections: { deviceId: string; message: string; path?: string }[];
};

/** Key rules, depth and value sizes of the patch itself (reference §2.4): a 400 naming the key. */
export function validateTagPatch(patch: unknown): JsonObject {
  if (!isJsonObject(patch) || Object.keys(patch).length === 0) {
    throw new AppError("ArgumentInvalid", "tags must be a non-empty JSON object (a merge patch)", { path: "tags" });
  }
  validateTwinSection("tags", patch, { isPatch: true, pathPrefix: "tags" });
  return patch;
}

type Candidate = { device_id: string; tags: JsonObject };

/** The next batch of matching devices after `cursor`, in id order (locked when writing). */
async function selectBatch(executor: Executor, filter: FleetFilter, cursor: string | null, limit: number, lock: boolean) {
  const params = new SqlParams();
  const conditions = [compileFleetFilter(filter, params)];
  if (cursor !== null) conditions.push(`t.device_id > ${params.text(cursor)}`);
  const text = `SELECT t.device_id, t.tags FROM devices t WHERE ${conditions.join(" AND ")}
    ORDER BY t.device_id LIMIT ${params.int(limit)}${lock ? " FOR UPDATE OF t" : ""}`;
  const final = params.finalize(text);
  return rowsOf<Candidate>(executor, fromCompiled(final.text, final.params));
}

/** What the patch would do to every matching device, writing nothing. */
export async function dryRunTagPatch(filter: FleetFilter, patchInput: unknown): Promise<TagPatchDryRun> {
  const patch = validateTagPatch(patchInput);
  const { db } = await getStore();
  const result: TagPatchDryRun = { total: 0, changed: 0, unchanged: 0, rejected: 0, sample: [], rejections: [] };
  let cursor: string | null = null;
  for (;;) {
    const batch = await selectBatch(db, filter, cursor, 2000, false);
    for (const row of batch) {
      const outcome = planTagPatch(row.device_id, row.tags, patch);
      result.total++;
      if (outcome.kind === "unchanged") result.unchanged++;
      else if (outcome.kind === "rejected") {
        result.rejected++;
        if (result.rejections.length < SAMPLE_SIZE) result.rejections.push({ deviceId: row.device_id, message: outcome.message, path: outcome.path });
      } else {
        result.changed++;
        if (result.sample.length < SAMPLE_SIZE) result.sample.push(outcome.change);
      }
    }
    if (batch.length < 2000) return result;
    cursor = batch[batch.length - 1]!.device_id;
  }
}

/**
 * Starts applying the patch in the background and returns the job at once; poll it with
 * getBulkJob. Each batch (devices, twin revisions, audit, change feed, job counters and cursor) is
 * one transaction, so a failure leaves whole batches done and the job row saying how far it got.
 */
export async function startTagPatchJob(filter: FleetFilter, patchInput: unknown, context: WriteContext): Promise<BulkJob> {
  const patch = validateTagPatch(patchInput);
  const { db } = await getStore();
  const params = new SqlParams();
  const count = params.finalize(`SELECT count(*) AS n FROM devices t WHERE ${compileFleetFilter(filter, params)}`);
  const [{ n }] = await rowsOf<{ n: string | number }>(db, fromCompiled(count.text, count.params));
  const id = randomUUID();
  await rowsOf(
    db,
    sql`insert into bulk_jobs (id, kind, actor, filter, patch, status, total)
      values (${id}, 'tags', ${context.actor}, ${JSON.stringify(filter)}::jsonb, ${JSON.stringify(patch)}::jsonb, 'running', ${Number(n)})`,
  );
  await recordAudit({
    actor: context.actor,
    clientAddress: context.clientAddress,
    action: "twin.bulk-update",
    targetKind: "twin",
    targetId: `bulk:${id}`,
    after: { filter, tags: patch, total: Number(n) },
  });
  void runTagPatchJob(id, filter, patch, context).catch(async (error: unknown) => {
    const message = error instanceof AppError ? error.message : "The job stopped on an unexpected error";
    if (!(error instanceof AppError)) console.error("[bulk-tags] job failed", id, error);
    await rowsOf(db, sql`update bulk_jobs set status = 'failed', error = ${message}, updated_at = now() where id = ${id}`).catch(() => {});
  });
  return (await getBulkJob(id))!;
}

async function runTagPatchJob(id: string, filter: FleetFilter, patch: JsonObject, context: WriteContext): Promise<void> {
  const { db } = await getStore();
  let cursor: string | null = null;
  for (;;) {
    const done: boolean = await db.transaction(async (tx) => {
      const batch = await selectBatch(tx, filter, cursor, BULK_BATCH_SIZE, true);
      const writes: { device_id: string; tags: JsonObject; before: unknown; after: unknown }[] = [];
      let rejected = 0;
      for (const row of batch) {
        const outcome = planTagPatch(row.device_id, row.tags, patch);
        if (outcome.kind === "rejected") rejected++;
        if (outcome.kind === "changed") {
          writes.push({ device_id: row.device_id, tags: outcome.tags, before: redactSecrets({ tags: row.tags }), after: redactSecrets({ tags: outcome.tags }) });
        }
      }
      const last = batch.length ? batch[batch.length - 1]!.device_id : cursor;
      const isLast = batch.length < BULK_BATCH_SIZE;
      if (writes.length) await writeBatch(tx, writes, patch, id, context);
      await rowsOf(
        tx,
        sql`update bulk_jobs set processed = processed + ${batch.length}, changed = changed + ${writes.length},
          rejected = rejected + ${rejected}, cursor = ${last}, status = ${isLast ? "completed" : "running"}, updated_at = now()
          where id = ${id}`,
      );
      cursor = last;
      return isLast;
    });
    if (done) return;
  }
}

/**
 * One statement per batch: the tags and twin versions, one `twin_revisions` row per device, one
 * audit entry per device (as a single twin PATCH would write), the change-feed rows and the
 * transaction's single NOTIFY.
 */
async function writeBatch(tx: Executor, writes: unknown[], patch: JsonObject, jobId: string, context: WriteContext) {
  await rowsOf(
    tx,
    sql`with input as (
        select * from jsonb_to_recordset(${JSON.stringify(writes)}::jsonb) as x(device_id text, tags jsonb, before jsonb, after jsonb)),
      updated as (
        update devices d set tags = input.tags, twin_version = d.twin_version + 1
        from input where d.device_id = input.device_id returning d.device_id, d.twin_version),
      revisions as (
        insert into twin_revisions (device_id, module_id, section, version, operation, patch, actor, twin_version, snapshot)
        select u.device_id, '', 'tags', u.twin_version::integer, 'patch', ${JSON.stringify(patch)}::jsonb, ${context.actor},
          u.twin_version, i.tags
        from updated u join input i on i.device_id = u.device_id returning id, device_id),
      audit as (
        insert into audit_log (actor, client_address, action, target_kind, target_id, before, after, revision_id, outcome)
        select ${context.actor}, ${context.clientAddress ?? null}, 'twin.update', 'twin', i.device_id, i.before,
          i.after || jsonb_build_object('bulkJob', ${jobId}::text), r.id, 'success'
        from input i join revisions r on r.device_id = i.device_id),
      feed as (
        insert into changes (kind, device_id, module_id, version, payload)
        select 'twin.tags', u.device_id, null, u.twin_version,
          jsonb_build_object('twinVersion', u.twin_version, 'mode', 'patch', 'bulkJob', ${jobId}::text)
        from updated u returning seq)
    select ${notifySql(sql`feed`)} as notified`,
  );
}
