import { sql } from "drizzle-orm";
import type { JsonObject } from "@/lib/domain/twins";
import { requireTwinRow, type TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";
import { parseDbTime } from "./timestamps";

export type RevisionSection = {
  section: "tags" | "desired";
  /** The section's own `$version` after the write (tags: the twin version). */
  sectionVersion: number;
  /** What the caller sent: a merge patch, or the whole section for a replace. */
  patch: JsonObject;
  /** The whole section after the write. */
  snapshot: JsonObject;
  /** The whole section before the write; `{}` when no earlier write of the section is recorded. */
  previous: JsonObject;
};

export type TwinRevision = {
  /** The twin version after the write: names the revision (and `revert` takes it). */
  version: number;
  operation: "patch" | "replace";
  actor: string;
  at: string;
  sections: RevisionSection[];
};

type Row = {
  twin_version: number | string;
  section: "tags" | "desired";
  version: number;
  operation: "patch" | "replace";
  patch: JsonObject;
  snapshot: JsonObject;
  actor: string;
  at: string | Date;
  previous: JsonObject | null;
};

/**
 * Service writes of one twin (tags and desired), newest first, `limit` revisions per page, before
 * the twin version `before`. Only rows since the identity was (re)created count: a device deleted
 * and created again under the same id starts a new history at twin version 1.
 */
export async function listTwinRevisions(target: TwinTarget, page: { limit: number; before?: number }) {
  const { db } = await getStore();
  await requireTwinRow(db, target);
  const moduleId = target.moduleId ?? "";
  const createdAt =
    target.moduleId === undefined
      ? sql`(select created_at from devices where device_id = ${target.deviceId})`
      : sql`(select created_at from modules where device_id = ${target.deviceId} and module_id = ${moduleId})`;
  const own = sql`device_id = ${target.deviceId} and module_id = ${moduleId} and section in ('tags', 'desired')
    and twin_version is not null and snapshot is not null and at >= ${createdAt}`;
  const before = page.before === undefined ? sql`` : sql` and twin_version < ${page.before}`;
  const rows = await rowsOf<Row>(
    db,
    sql`with page as (
          select distinct twin_version from twin_revisions_resolved where ${own}${before}
          order by twin_version desc limit ${page.limit + 1})
        select r.twin_version, r.section, r.version, r.operation, r.patch, r.snapshot, r.actor, r.at,
          (select p.snapshot from twin_revisions_resolved p
            where p.device_id = r.device_id and p.module_id = r.module_id and p.section = r.section
              and p.twin_version < r.twin_version and p.snapshot is not null and p.at >= ${createdAt}
            order by p.twin_version desc limit 1) as previous
        from twin_revisions_resolved r
        where ${own} and r.twin_version in (select twin_version from page)
        order by r.twin_version desc, r.section desc`,
  );
  const byVersion = new Map<number, TwinRevision>();
  for (const row of rows) {
    const version = Number(row.twin_version);
    let revision = byVersion.get(version);
    if (!revision) {
      revision = { version, operation: row.operation, actor: row.actor, at: parseDbTime(row.at)?.toISOString() ?? "", sections: [] };
      byVersion.set(version, revision);
    }
    revision.sections.push({
      section: row.section,
      sectionVersion: row.version,
      patch: row.patch,
      snapshot: row.snapshot,
      previous: row.previous ?? {},
    });
  }
  const revisions = [...byVersion.values()];
  const hasMore = revisions.length > page.limit;
  const items = revisions.slice(0, page.limit);
  return { items, nextBefore: hasMore ? items[items.length - 1].version : null };
}
