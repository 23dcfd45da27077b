import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { parseIfMatch } from "@/lib/domain/twins";
import { recordChanges } from "./record-changes";
import { requireTwinRow } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

/** DELETE /devices/{id}; its modules go with it. An absent If-Match means `*`. */
export async function deleteDevice(deviceId: string, ifMatchHeader: string | null): Promise<void> {
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
    await recordChanges(tx, [
      ...modules.map((m) => ({ kind: "module.deleted" as const, deviceId, moduleId: m.module_id })),
      { kind: "device.deleted", deviceId },
    ]);
  });
}
