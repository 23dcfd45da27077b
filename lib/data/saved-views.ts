import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import type { WriteContext } from "./create-or-update-device";
import { insertAuditSql } from "./record-audit";
import { getStore, rowsOf } from "./store";
import { parseDbTime } from "./timestamps";

export type SavedView = { id: string; name: string; state: string; createdAt: string };
type ViewRow = { id: string; name: string; state: string; created_at: string | Date };

const toView = (row: ViewRow): SavedView => ({
  id: row.id,
  name: row.name,
  state: row.state,
  createdAt: parseDbTime(row.created_at)?.toISOString() ?? "",
});

/** The signed-in operator's saved fleet views, by name. Views are private to their owner. */
export async function listSavedViews(userId: string): Promise<SavedView[]> {
  const { db } = await getStore();
  const rows = await rowsOf<ViewRow>(db, sql`select * from saved_views where user_id = ${userId} order by name, id`);
  return rows.map(toView);
}

export async function createSavedView(userId: string, input: { name: string; state: string }, context: WriteContext): Promise<SavedView> {
  const { db } = await getStore();
  return db.transaction(async (tx) => {
    const id = randomUUID();
    const [row] = await rowsOf<ViewRow>(
      tx,
      sql`insert into saved_views (id, user_id, name, state) values (${id}, ${userId}, ${input.name}, ${input.state})
        on conflict (user_id, name) do nothing returning *`,
    );
    if (!row) throw new AppError("Conflict", `You already have a view named '${input.name}'`, { path: "name" });
    await rowsOf(
      tx,
      insertAuditSql(
        { actor: context.actor, clientAddress: context.clientAddress, action: "view.create", targetKind: "view", targetId: id, after: input },
        sql`null`,
      ),
    );
    return toView(row);
  });
}

export async function deleteSavedView(userId: string, id: string, context: WriteContext): Promise<void> {
  const { db } = await getStore();
  await db.transaction(async (tx) => {
    const rows = await rowsOf<ViewRow>(tx, sql`delete from saved_views where id = ${id} and user_id = ${userId} returning *`);
    // Someone else's view is as absent as a deleted one: ids do not leak across operators.
    if (!rows[0]) throw new AppError("NotFound", "No such saved view", { path: "id" });
    await rowsOf(
      tx,
      insertAuditSql(
        { actor: context.actor, clientAddress: context.clientAddress, action: "view.delete", targetKind: "view", targetId: id, before: { name: rows[0].name, state: rows[0].state } },
        sql`null`,
      ),
    );
  });
}
