import { sql } from "drizzle-orm";
import { CHANGE_CHANNEL } from "@/db/client";
import { insertChangesSql } from "./record-changes";
import type { TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

export type DeliveryVia = "push" | "get";

/**
 * Records that the hub delivered desired `$version` = `version` to a device or module (a PATCH push
 * sent, or a twin GET answered): its pending desired writes up to that version get their receipt.
 * One statement that writes only when the version rises: a repeated GET updates no row, inserts no
 * change row and sends no NOTIFY. The node holding the session calls it, so it works whichever
 * node took the twin write. Returns whether the row moved.
 */
export async function recordDesiredDelivery(target: TwinTarget, version: number, via: DeliveryVia, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const table = target.moduleId === undefined ? sql`devices` : sql`modules`;
  const where =
    target.moduleId === undefined
      ? sql`device_id = ${target.deviceId}`
      : sql`device_id = ${target.deviceId} and module_id = ${target.moduleId}`;
  const feed = insertChangesSql(
    [{ kind: "operation.updated", ...target, version, payload: { operation: "desired", via, at } }],
    sql`exists (select 1 from updated)`,
  );
  const { db } = await getStore();
  const [row] = await rowsOf<{ moved: boolean }>(
    db,
    sql`with updated as (
          update ${table} set desired_delivered_version = ${version}, desired_delivered_at = ${at}
          where ${where} and coalesce(desired_delivered_version, 0) < ${version} returning 1),
        feed as (${feed})
        select exists (select 1 from updated) as moved,
          (select pg_notify(${CHANGE_CHANNEL}, max(seq)::text) from feed having count(*) > 0) as notified`,
  );
  return row?.moved === true;
}
