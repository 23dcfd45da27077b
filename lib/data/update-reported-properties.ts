import { sql } from "drizzle-orm";
import type { JsonObject } from "@/lib/domain/twins";
import { planSectionWrite } from "@/lib/domain/twins/plan-section-write";
import type { WriteContext } from "./create-or-update-device";
import { recordChanges } from "./record-changes";
import { requireTwinRow, type TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

/**
 * Device-side write of `properties.reported` (reference §2.2, §10): merge patch with reported
 * semantics. Returns the new reported `$version`, which the MQTT answer carries.
 */
export async function updateReportedProperties(target: TwinTarget, patch: unknown, context: WriteContext) {
  const now = context.now.toISOString();
  const { db } = await getStore();
  return db.transaction(async (tx) => {
    const row = await requireTwinRow(tx, target, { forUpdate: true });
    const reported = planSectionWrite(
      "reported",
      { doc: row.reported as JsonObject, metadata: row.reported_metadata as JsonObject, version: row.reported_version },
      patch,
      { mode: "patch", now },
    );
    const table = target.moduleId === undefined ? sql`devices` : sql`modules`;
    const where =
      target.moduleId === undefined
        ? sql`device_id = ${target.deviceId}`
        : sql`device_id = ${target.deviceId} and module_id = ${target.moduleId}`;
    await rowsOf(
      tx,
      sql`with updated as (
            update ${table} set reported = ${JSON.stringify(reported.doc)}::jsonb,
              reported_metadata = ${JSON.stringify(reported.metadata)}::jsonb, reported_version = ${reported.version}
            where ${where} returning 1)
          insert into twin_revisions (device_id, module_id, section, version, operation, patch, actor)
          select ${target.deviceId}, ${target.moduleId ?? ""}, 'reported', ${reported.version}, 'patch',
            ${JSON.stringify(patch)}::jsonb, ${context.actor} from updated`,
    );
    await recordChanges(tx, [{ kind: "twin.reported", ...target, version: reported.version }]);
    return { version: reported.version };
  });
}
