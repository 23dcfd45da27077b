import { sql, type SQL } from "drizzle-orm";
import { getStore, rowsOf } from "./store";
import { parseDbTime } from "./timestamps";

export type AuditFilter = {
  actor?: string;
  targetKind?: string;
  targetId?: string;
  action?: string;
  from?: string;
  to?: string;
  /** Keyset paging: entries with an id below this one (newest first). */
  before?: number;
  limit: number;
};

type AuditRow = {
  id: string | number;
  at: string | Date;
  actor: string;
  client_address: string | null;
  action: string;
  target_kind: string;
  target_id: string;
  before: unknown;
  after: unknown;
  revision_id: string | number | null;
  outcome: string;
};

/** Newest first, filtered, keyset-paged by id. `action` matches a prefix (`twin.` finds every twin write). */
export async function listAuditEntries(filter: AuditFilter) {
  const { db } = await getStore();
  const where: SQL[] = [sql`true`];
  if (filter.actor) where.push(sql`actor = ${filter.actor}`);
  if (filter.targetKind) where.push(sql`target_kind = ${filter.targetKind}`);
  if (filter.targetId) where.push(sql`target_id = ${filter.targetId}`);
  if (filter.action) where.push(sql`starts_with(action, ${filter.action})`);
  if (filter.from) where.push(sql`at >= ${filter.from}::timestamptz`);
  if (filter.to) where.push(sql`at < ${filter.to}::timestamptz`);
  if (filter.before) where.push(sql`id < ${filter.before}`);
  const rows = await rowsOf<AuditRow>(
    db,
    sql`select * from audit_log where ${sql.join(where, sql` and `)} order by id desc limit ${filter.limit + 1}`,
  );
  const page = rows.slice(0, filter.limit).map((r) => ({
    id: Number(r.id),
    at: parseDbTime(r.at)?.toISOString() ?? "",
    actor: r.actor,
    clientAddress: r.client_address,
    action: r.action,
    targetKind: r.target_kind,
    targetId: r.target_id,
    before: r.before,
    after: r.after,
    revisionId: r.revision_id === null ? null : Number(r.revision_id),
    outcome: r.outcome,
  }));
  return { entries: page, nextBefore: rows.length > filter.limit ? page[page.length - 1].id : null };
}

/** Retention: deletes entries older than `days`. */
export async function pruneAuditLog(days: number, now: Date): Promise<number> {
  const { db } = await getStore();
  const rows = await rowsOf(db, sql`delete from audit_log where at < ${new Date(now.getTime() - days * 86_400_000).toISOString()} returning 1`);
  return rows.length;
}
