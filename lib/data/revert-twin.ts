import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { jsonEqual, type JsonObject } from "@/lib/domain/twins";
import type { WriteContext } from "./create-or-update-device";
import { requireTwinRow, type TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";
import { updateTwin } from "./update-twin";

/**
 * Restores a twin's desired properties (and a device twin's tags) to what they were right after
 * revision `version`, as a NEW write: the history only grows, the twin version goes up, devices get
 * the desired patch as after any other write, and If-Match guards it like any write. A section never
 * written up to that revision is restored to `{}` (its state at creation); a section that already
 * matches is not written.
 */
export async function revertTwin(target: TwinTarget, version: number, ifMatchHeader: string | null, context: WriteContext) {
  const { db } = await getStore();
  const current = await requireTwinRow(db, target);
  const moduleId = target.moduleId ?? "";
  const createdAt =
    target.moduleId === undefined
      ? sql`(select created_at from devices where device_id = ${target.deviceId})`
      : sql`(select created_at from modules where device_id = ${target.deviceId} and module_id = ${moduleId})`;
  const own = sql`device_id = ${target.deviceId} and module_id = ${moduleId} and twin_version is not null
    and snapshot is not null and at >= ${createdAt}`;
  const [exists] = await rowsOf(db, sql`select 1 from twin_revisions_resolved where ${own} and twin_version = ${version}
    and section in ('tags', 'desired') limit 1`);
  if (!exists) {
    throw new AppError("NotFound", `The twin has no revision ${version}`, { path: "version", version });
  }
  const sections = target.moduleId === undefined ? (["desired", "tags"] as const) : (["desired"] as const);
  const state: Partial<Record<"desired" | "tags", JsonObject>> = {};
  for (const section of sections) {
    const [row] = await rowsOf<{ snapshot: JsonObject }>(
      db,
      sql`select snapshot from twin_revisions_resolved where ${own} and section = ${section} and twin_version <= ${version}
        order by twin_version desc limit 1`,
    );
    state[section] = row?.snapshot ?? {};
  }
  // A section already as it was is left out, so the new revision shows only what the revert changed
  // (desired is always written: a revert is a write even when nothing differs).
  const restoresTags = state.tags !== undefined && !jsonEqual(state.tags, current.tags as JsonObject);
  const desiredDiffers = !jsonEqual(state.desired ?? {}, current.desired as JsonObject);
  return updateTwin(
    target,
    {
      ...(restoresTags ? { tags: state.tags } : {}),
      ...(desiredDiffers || !restoresTags ? { properties: { desired: state.desired } } : {}),
    },
    "replace",
    ifMatchHeader,
    context,
    { auditAction: "twin.revert" },
  );
}
