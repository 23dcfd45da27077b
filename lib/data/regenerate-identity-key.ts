import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { generateSymmetricKey } from "@/lib/domain/identity";
import { nextIdentityEtag } from "./new-identity-values";
import type { WriteContext } from "./create-or-update-device";
import { recordAudit } from "./record-audit";
import { recordChanges } from "./record-changes";
import { toIdentityDto, type TwinRow } from "./rows";
import { requireTwinRow, type TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

export type KeyName = "primary" | "secondary";

/**
 * Replaces one SAS key of a device or module with a fresh random key; the other keeps working, so
 * devices can be moved over without downtime (rotate secondary, switch devices, rotate primary).
 */
export async function regenerateIdentityKey(target: TwinTarget, which: KeyName, context: WriteContext) {
  const { db } = await getStore();
  return db.transaction(async (tx) => {
    const current = await requireTwinRow(tx, target, { forUpdate: true });
    if (current.auth_type !== "sas") {
      throw new AppError("ArgumentInvalid", `The identity uses ${current.auth_type} authentication, not SAS keys`, {
        path: "authentication.type",
      });
    }
    const column = which === "primary" ? sql`primary_key` : sql`secondary_key`;
    const table = target.moduleId === undefined ? sql`devices` : sql`modules`;
    const where =
      target.moduleId === undefined
        ? sql`device_id = ${target.deviceId}`
        : sql`device_id = ${target.deviceId} and module_id = ${target.moduleId}`;
    const [row] = await rowsOf<TwinRow>(
      tx,
      sql`update ${table} set ${column} = ${generateSymmetricKey()}, identity_etag = ${nextIdentityEtag()}
          where ${where} returning *`,
    );
    await recordChanges(tx, [
      { kind: target.moduleId === undefined ? "device.updated" : "module.updated", ...target, payload: { keyRegenerated: which } },
    ]);
    const identity = toIdentityDto(row, { includeKeys: true });
    await recordAudit(
      {
        actor: context.actor,
        clientAddress: context.clientAddress,
        action: `${target.moduleId === undefined ? "device" : "module"}.regenerate-key`,
        targetKind: target.moduleId === undefined ? "device" : "module",
        targetId: target.moduleId === undefined ? target.deviceId : `${target.deviceId}/${target.moduleId}`,
        before: toIdentityDto(current, { includeKeys: true }),
        after: identity,
      },
      tx,
    );
    return identity;
  });
}
