import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { parseIfMatch } from "@/lib/domain/twins";
import type { WriteContext } from "./create-or-update-device";
import { recordAudit } from "./record-audit";
import { recordChanges } from "./record-changes";
import { toIdentityDto } from "./rows";
import { requireTwinRow } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

/** DELETE /devices/{id}; its modules go with it. An absent If-Match means `*`. */
export async function deleteDevice(deviceId: string, ifMatchHeader: string | null, context: WriteContext): Promise<void> {
  const ifMatch = parseIfMatch(ifMatchHeader);
  const { db } = await getStore();
  await db.transaction(async (tx) => {
    const current = await requireTwinRow(tx, { deviceId }, { forUpdate: true });
    if (ifMatch?.kind === "etag" && ifMatch.etag !== current.identity_etag) {
      throw new AppError("PreconditionFailed", "The device etag does not match If-Match", { deviceId });
    }
    const modules = await rowsOf<{ module_id: string }>(
      tx,
      sql`delete from modules where device_id = ${deviceId} returning module_id`,
    );
    await rowsOf(tx, sql`delete from devices where device_id = ${deviceId}`);
    await recordAudit(
      {
        actor: context.actor,
        clientAddress: context.clientAddress,
        action: "device.delete",
        targetKind: "device",
        targetId: deviceId,
        before: { ...toIdentityDto(current, { includeKeys: false }), modules: modules.map((m) => m.module_id) },
      },
      tx,
    );
    await recordChanges(tx, [
      ...modules.map((m) => ({ kind: "module.deleted" as const, deviceId, moduleId: m.module_id })),
      { kind: "device.deleted", deviceId },
    ]);
  });
}
