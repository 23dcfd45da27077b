import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { parseIfMatch } from "@/lib/domain/twins";
import type { WriteContext } from "./create-or-update-device";
import { recordAudit } from "./record-audit";
import { recordChanges } from "./record-changes";
import { toIdentityDto } from "./rows";
import { requireTwinRow } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

/** DELETE /devices/{id}/modules/{mid}. The system modules of an edge device cannot be deleted alone. */
export async function deleteModule(deviceId: string, moduleId: string, ifMatchHeader: string | null, context: WriteContext) {
  const ifMatch = parseIfMatch(ifMatchHeader);
  const { db } = await getStore();
  await db.transaction(async (tx) => {
    const current = await requireTwinRow(tx, { deviceId, moduleId }, { forUpdate: true });
    if (moduleId.startsWith("$")) {
      throw new AppError("ArgumentInvalid", `${moduleId} belongs to the edge runtime and is deleted with its device`, {
        path: "moduleId",
      });
    }
    if (ifMatch?.kind === "etag" && ifMatch.etag !== current.identity_etag) {
      throw new AppError("PreconditionFailed", "The module etag does not match If-Match", { deviceId, moduleId });
    }
    await rowsOf(tx, sql`delete from modules where device_id = ${deviceId} and module_id = ${moduleId}`);
    await recordAudit(
      {
        actor: context.actor,
        clientAddress: context.clientAddress,
        action: "module.delete",
        targetKind: "module",
        targetId: `${deviceId}/${moduleId}`,
        before: toIdentityDto(current, { includeKeys: false }),
      },
      tx,
    );
    await recordChanges(tx, [{ kind: "module.deleted", deviceId, moduleId }]);
  });
}
