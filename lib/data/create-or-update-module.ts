import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { generateGenerationId, validateModuleId } from "@/lib/domain/identity";
import { parseIfMatch } from "@/lib/domain/twins";
import type { ModuleBody } from "@/lib/schemas/identity";
import { assertIdentityQuota } from "./assert-identity-quota";
import type { WriteContext } from "./create-or-update-device";
import { nextIdentityEtag } from "./new-identity-values";
import { recordAudit } from "./record-audit";
import { recordChanges } from "./record-changes";
import { resolveAuthentication, resolveAuthenticationUpdate } from "./resolve-authentication";
import { toIdentityDto, type TwinRow } from "./rows";
import { requireTwinRow, selectTwinRow } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

/** Reference §1.1: at most 50 modules per device. */
export const MAX_MODULES_PER_DEVICE = 50;

/** PUT /devices/{id}/modules/{mid}: create without If-Match, update with it (reference §1.3, §1.5). */
export async function createOrUpdateModule(
  deviceId: string,
  moduleId: string,
  body: ModuleBody,
  ifMatchHeader: string | null,
  context: WriteContext,
) {
  validateModuleId(moduleId, "moduleId", { allowSystem: true });
  for (const [field, expected] of [["deviceId", deviceId], ["moduleId", moduleId]] as const) {
    if (body[field] !== expected) {
      throw new AppError("ArgumentInvalid", `Body ${field} '${body[field]}' does not match the URL '${expected}'`, {
        path: field,
      });
    }
  }
  const ifMatch = parseIfMatch(ifMatchHeader);
  const { db } = await getStore();
  const now = context.now.toISOString();

  return db.transaction(async (tx) => {
    await requireTwinRow(tx, { deviceId }, { forUpdate: true });
    const existing = await selectTwinRow(tx, { deviceId, moduleId }, { forUpdate: true });

    if (!ifMatch) {
      if (existing) {
        throw new AppError("ModuleAlreadyExistsOnDevice", `Module ${moduleId} already exists on device ${deviceId}`, {
          deviceId,
          moduleId,
        });
      }
      if (moduleId.startsWith("$")) {
        throw new AppError("ArgumentInvalid", `${moduleId} is created by the hub with an edge device`, {
          path: "moduleId",
        });
      }
      const [{ n }] = await rowsOf<{ n: string | number }>(
        tx,
        sql`select count(*) as n from modules where device_id = ${deviceId}`,
      );
      if (Number(n) >= MAX_MODULES_PER_DEVICE) {
        throw new AppError("TooManyModulesOnDevice", `Device ${deviceId} already has ${n} modules (limit 50)`, {
          deviceId,
        });
      }
      await assertIdentityQuota(tx, 1);
      const auth = resolveAuthentication(body.authentication, { allowNone: true, path: "authentication" });
      const [row] = await rowsOf<TwinRow>(
        tx,
        sql`insert into modules (device_id, module_id, managed_by, generation_id, identity_etag, auth_type,
              primary_key, secondary_key, primary_thumbprint, secondary_thumbprint, model_id,
              desired_metadata, reported_metadata)
            values (${deviceId}, ${moduleId}, ${body.managedBy ?? null}, ${generateGenerationId(context.now.getTime())},
              ${nextIdentityEtag()}, ${auth.authType}, ${auth.primaryKey}, ${auth.secondaryKey},
              ${auth.primaryThumbprint}, ${auth.secondaryThumbprint}, ${body.modelId ?? ""},
              ${JSON.stringify({ $lastUpdated: now, $lastUpdatedVersion: 1 })}::jsonb,
              ${JSON.stringify({ $lastUpdated: now })}::jsonb)
            returning *`,
      );
      await recordChanges(tx, [{ kind: "module.created", deviceId, moduleId }]);
      const module = toIdentityDto(row, { includeKeys: true });
      await recordAudit({ ...auditBase(context, deviceId, moduleId), action: "module.create", after: module }, tx);
      return { module, created: true };
    }

    if (!existing) throw new AppError("ModuleNotFound", `Module ${moduleId} is not registered on device ${deviceId}`, { deviceId, moduleId });
    if (ifMatch.kind === "etag" && ifMatch.etag !== existing.identity_etag) {
      throw new AppError("PreconditionFailed", "The module etag does not match If-Match", { deviceId, moduleId });
    }
    const auth = resolveAuthenticationUpdate(body.authentication, existing, { allowNone: true, path: "authentication" });
    const [row] = await rowsOf<TwinRow>(
      tx,
      sql`update modules set identity_etag = ${nextIdentityEtag()}, managed_by = ${body.managedBy ?? existing.managed_by ?? null},
            auth_type = ${auth.authType}, primary_key = ${auth.primaryKey}, secondary_key = ${auth.secondaryKey},
            primary_thumbprint = ${auth.primaryThumbprint}, secondary_thumbprint = ${auth.secondaryThumbprint},
            model_id = ${body.modelId ?? existing.model_id}
          where device_id = ${deviceId} and module_id = ${moduleId}
          returning *`,
    );
    await recordChanges(tx, [{ kind: "module.updated", deviceId, moduleId }]);
    const module = toIdentityDto(row, { includeKeys: true });
    await recordAudit(
      {
        ...auditBase(context, deviceId, moduleId),
        action: "module.update",
        before: toIdentityDto(existing, { includeKeys: true }),
        after: module,
      },
      tx,
    );
    return { module, created: false };
  });
}

const auditBase = (context: WriteContext, deviceId: string, moduleId: string) => ({
  actor: context.actor,
  clientAddress: context.clientAddress,
  targetKind: "module" as const,
  targetId: `${deviceId}/${moduleId}`,
});
