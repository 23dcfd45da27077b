import { AppError } from "@/lib/domain/errors";
import { parseIfMatch, twinEtag, type JsonObject } from "@/lib/domain/twins";
import { planSectionWrite, type SectionWrite } from "@/lib/domain/twins/plan-section-write";
import type { TwinWriteBody } from "@/lib/schemas/twin";
import type { WriteContext } from "./create-or-update-device";
import { fromCompiled } from "./compiled-sql";
import { insertAuditText, type AuditEntry } from "./record-audit";
import { insertChangesText, notifyText, type ChangeInput } from "./record-changes";
import { RecentTwins, type PlanningRow } from "./recent-twins";
import { toTwinDto, type TwinRow } from "./rows";
import { requireTwinRow, type TwinTarget } from "./select-twin-row";
import { statementParams } from "./statement-params";
import { getStore, rowsOf } from "./store";

/**
 * Service-side twin write (reference §2.2, §2.3): PATCH merges, PUT replaces, `tags` and
 * `properties.desired` only. Concurrency by `If-Match` on the twin etag: the etag is compared, the
 * new sections computed and validated, and only then written — with the revision rows, the audit
 * entry and the change-feed row in the same statement, as a compare-and-set on the twin version
 * read. A rejected write changes nothing. Reported
 * properties are never written here (a PUT body's reported section is ignored).
 */
export async function updateTwin(
  target: TwinTarget,
  body: TwinWriteBody,
  mode: "patch" | "replace",
  ifMatchHeader: string | null,
  context: WriteContext,
  /** The audit action when it is not a plain update/replace (a revert from history). */
  options: { auditAction?: string } = {},
) {
  // A replace body is often a twin fetched with GET and edited, so its reported section is ignored;
  // a patch naming reported properties is a mistake worth telling the caller about.
  if (mode === "patch" && body.properties?.reported !== undefined) {
    throw new AppError("ArgumentInvalid", "Reported properties can only be written by the device or module", {
      path: "properties.reported",
    });
  }
  const tagsInput = body.tags ?? undefined;
  const desiredInput = body.properties?.desired ?? undefined;
  if (tagsInput === undefined && desiredInput === undefined) {
    throw new AppError("ArgumentNull", "The twin write names neither tags nor properties.desired", { path: "tags" });
  }
  const ifMatch = parseIfMatch(ifMatchHeader);
  const store = await getStore();
  const { db } = store;

  // Optimistic: read, plan, then write only if the twin version is still the one read (one
  // statement, no transaction, no row lock held across a round trip). A concurrent writer in
  // between makes the write match no row: with an etag that is a 412, otherwise plan again on the
  // newer twin. After a few lost races, take the row lock so that the write is sure to progress.
  // The twin this node wrote last stands in for the read when the caller's etag names it (see
  // RecentTwins); if it is stale the compare-and-set matches nothing and the loop reads the row.
  let cached = usableCache(target, ifMatch);
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    const row = cached ?? (await requireTwinRow(db, target));
    const statement = writeStatement(target, planWrite(row, target, tagsInput, desiredInput, mode, ifMatch, context, options.auditAction), row);
    const written = await store.query<WrittenRow>(statement.text, statement.params, { prepare: true, short: true });
    if (written.length > 0) return remembered(target, written[0]);
    if (cached) {
      recentTwins.forget(target);
      cached = undefined;
      attempt--; // a stale cache entry is not a lost race
      continue;
    }
    if (ifMatch?.kind === "etag") break; // the version moved on: the etag cannot match any more
  }
  return db.transaction(async (tx) => {
    const row = await requireTwinRow(tx, target, { forUpdate: true });
    const statement = writeStatement(target, planWrite(row, target, tagsInput, desiredInput, mode, ifMatch, context, options.auditAction), null);
    const [written] = await rowsOf<WrittenRow>(tx, fromCompiled(statement.text, statement.params));
    return remembered(target, written);
  });
}

const OPTIMISTIC_ATTEMPTS = 3;
const recentTwins = new RecentTwins();

/** The cached row, when the caller's If-Match names its version (or names none). */
function usableCache(target: TwinTarget, ifMatch: ReturnType<typeof parseIfMatch>) {
  const row = recentTwins.get(target);
  if (!row) return undefined;
  return ifMatch?.kind === "etag" && ifMatch.etag !== twinEtag(Number(row.twin_version)) ? undefined : row;
}

function remembered(target: TwinTarget, row: WrittenRow) {
  recentTwins.remember(target, row);
  // toTwinDto picks its fields by name, so the statement's extra columns need no stripping.
  return toTwinDto(row);
}

type WrittenRow = TwinRow & { first_revision_id: number | string; notified: unknown };
type PlannedWrite = { writes: SectionWrites; audit: Omit<AuditEntry, "revisionId">; changes: ChangeInput[] };

/** Checks If-Match against the row read and computes the new sections, revisions, audit and feed rows. */
function planWrite(
  row: PlanningRow,
  target: TwinTarget,
  tagsInput: TwinWriteBody["tags"] | undefined,
  desiredInput: NonNullable<TwinWriteBody["properties"]>["desired"] | undefined,
  mode: "patch" | "replace",
  ifMatch: ReturnType<typeof parseIfMatch>,
  context: WriteContext,
  auditAction: string | undefined,
): PlannedWrite {
  const version = Number(row.twin_version);
  if (ifMatch?.kind === "etag" && ifMatch.etag !== twinEtag(version)) {
    throw new AppError("PreconditionFailed", `The twin etag ${twinEtag(version)} does not match If-Match`, {
      deviceId: target.deviceId,
      moduleId: target.moduleId,
    });
  }
  const now = context.now.toISOString();
  const tags =
    tagsInput === undefined ? undefined : planSectionWrite("tags", { doc: row.tags as JsonObject, metadata: {}, version }, tagsInput, { mode, now });
  const desired =
    desiredInput === undefined
      ? undefined
      : planSectionWrite(
          "desired",
          { doc: row.desired as JsonObject, metadata: row.desired_metadata as JsonObject, version: row.desired_version },
          desiredInput,
          { mode, now },
        );
  const changes: ChangeInput[] = [];
  const payload = { twinVersion: version + 1, desiredVersion: desired?.version, mode };
  if (tags) changes.push({ kind: "twin.tags", ...target, version: version + 1, payload });
  if (desired) changes.push({ kind: "twin.desired", ...target, version: desired.version, payload });
  const audit: Omit<AuditEntry, "revisionId"> = {
    actor: context.actor,
    clientAddress: context.clientAddress,
    action: auditAction ?? (mode === "patch" ? "twin.update" : "twin.replace"),
    targetKind: "twin",
    targetId: target.moduleId === undefined ? target.deviceId : `${target.deviceId}/${target.moduleId}`,
    before: { ...(tags ? { tags: row.tags } : {}), ...(desired ? { desired: row.desired } : {}) },
    after: { ...(tags ? { tags: tags.doc } : {}), ...(desired ? { desired: desired.doc } : {}) },
  };
  return { writes: { tags, desired, mode, actor: context.actor, twinVersion: version + 1 }, audit, changes };
}

type SectionWrites = {
  tags?: SectionWrite;
  desired?: SectionWrite;
  mode: "patch" | "replace";
  actor: string;
  /** The twin version after this write: what the history API calls the revision. */
  twinVersion: number;
};

/**
 * The whole write in one statement: the row, its revision rows, the audit entry (pointing at the
 * first revision), the change-feed rows and the single NOTIFY. With `plannedOn` it is a
 * compare-and-set: when the twin version (or generation) moved on, no row is updated and, through
 * the `exists` guards, nothing else is written either (the statement returns no row).
 *
 * Assembled as text from fixed fragments (statement-params.ts): one text per shape (device or
 * module, which sections, compare-and-set or locked), prepared once per connection.
 */
function writeStatement(target: TwinTarget, planned: PlannedWrite, plannedOn: PlanningRow | null): { text: string; params: unknown[] } {
  const { writes, audit, changes } = planned;
  const { tags, desired, mode, actor, twinVersion } = writes;
  const { values, param } = statementParams();
  const isModule = target.moduleId !== undefined;
  const identity = isModule
    ? `device_id = ${param(target.deviceId, "text")} and module_id = ${param(target.moduleId, "text")}`
    : `device_id = ${param(target.deviceId, "text")}`;
  // The generation too: a twin deleted and created again restarts its versions.
  const where =
    plannedOn === null
      ? identity
      : `${identity} and twin_version = ${param(Number(plannedOn.twin_version), "bigint")} and generation_id = ${param(plannedOn.generation_id, "text")}`;
  const sets = ["twin_version = twin_version + 1"];
  if (tags) sets.push(`tags = ${param(JSON.stringify(tags.doc), "jsonb")}`);
  if (desired) {
    sets.push(`desired = ${param(JSON.stringify(desired.doc), "jsonb")}`);
    sets.push(`desired_metadata = ${param(JSON.stringify(desired.metadata), "jsonb")}`);
    sets.push(`desired_version = ${param(desired.version, "int")}`);
  }
  const whenUpdated = "exists (select 1 from updated)";
  const revision = (section: "tags" | "desired", write: SectionWrite) =>
    `select ${param(target.deviceId, "text")}, ${param(target.moduleId ?? "", "text")}, ${param(section, "text")}, ${param(write.version, "int")}, ${param(mode, "text")}, ${param(
      JSON.stringify(write.patch),
      "jsonb",
    )}, ${param(actor, "text")}, ${param(twinVersion, "bigint")}, ${param(JSON.stringify(write.doc), "jsonb")} where ${whenUpdated}`;
  const revisions = [...(tags ? [revision("tags", tags)] : []), ...(desired ? [revision("desired", desired)] : [])];
  const text = `with updated as (update ${isModule ? "modules" : "devices"} set ${sets.join(", ")} where ${where} returning *),
    revisions as (insert into twin_revisions (device_id, module_id, section, version, operation, patch, actor, twin_version, snapshot)
      ${revisions.join(" union all ")} returning id),
    audit as (${insertAuditText(audit, "(select min(id) from revisions)", whenUpdated, param)}),
    feed as (${insertChangesText(changes, whenUpdated, param)})
    select updated.*, (select min(id) from revisions) as first_revision_id, ${notifyText("feed")} as notified from updated`;
  return { text, params: values };
}
