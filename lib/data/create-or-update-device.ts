import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { deviceScopeFor, generateGenerationId, validateDeviceId } from "@/lib/domain/identity";
import { parseIfMatch } from "@/lib/domain/twins";
import type { DeviceBody } from "@/lib/schemas/identity";
import { assertIdentityQuota } from "./assert-identity-quota";
import { insertSystemModules } from "./insert-system-modules";
import { nextIdentityEtag } from "./new-identity-values";
import { recordAudit } from "./record-audit";
import { recordChanges } from "./record-changes";
import { resolveAuthentication, resolveAuthenticationUpdate } from "./resolve-authentication";
import { toIdentityDto, type TwinRow } from "./rows";
import { requireTwinRow } from "./select-twin-row";
import { getStore, rowsOf } from "./store";
import { syncDevicePresence } from "./sync-device-presence";

export type WriteContext = { actor: string; now: Date; clientAddress?: string | null };

/**
 * PUT /devices/{id}: without If-Match it creates (409 if the id exists); with If-Match it replaces
 * the updatable fields of an existing device (404 if missing, 412 on a stale etag). Reference §4.2, §14.1.
 */
export async function createOrUpdateDevice(
  deviceId: string,
  body: DeviceBody,
  ifMatchHeader: string | null,
  context: WriteContext,
) {
  validateDeviceId(deviceId);
  if (body.deviceId !== deviceId) {
    throw new AppError("ArgumentInvalid", `Body deviceId '${body.deviceId}' does not match the URL '${deviceId}'`, {
      path: "deviceId",
    });
  }
  const ifMatch = parseIfMatch(ifMatchHeader);
  const { db } = await getStore();
  const now = context.now.toISOString();
  const status = body.status ?? "enabled";

  return db.transaction(async (tx) => {
    if (!ifMatch) {
      const auth = resolveAuthentication(body.authentication, { allowNone: false, path: "authentication" });
      await assertIdentityQuota(tx, body.capabilities?.iotEdge ? 3 : 1);
      const generationId = generateGenerationId(context.now.getTime());
      const isEdge = Boolean(body.capabilities?.iotEdge);
      const inserted = await rowsOf<TwinRow>(
        tx,
        sql`insert into devices (device_id, generation_id, identity_etag, status, status_reason, status_updated_time,
              auth_type, primary_key, secondary_key, primary_thumbprint, secondary_thumbprint, model_id,
              edge_enabled, device_scope, parent_scopes, desired_metadata, reported_metadata)
            values (${deviceId}, ${generationId}, ${nextIdentityEtag()}, ${status}, ${body.statusReason ?? null}, ${now},
              ${auth.authType}, ${auth.primaryKey}, ${auth.secondaryKey}, ${auth.primaryThumbprint}, ${auth.secondaryThumbprint},
              ${body.modelId ?? ""}, ${isEdge}, ${isEdge ? deviceScopeFor(deviceId, generationId) : null},
              ${JSON.stringify(body.parentScopes ?? [])}::jsonb,
              ${JSON.stringify({ $lastUpdated: now, $lastUpdatedVersion: 1 })}::jsonb,
              ${JSON.stringify({ $lastUpdated: now })}::jsonb)
            on conflict (device_id) do nothing
            returning *`,
      );
      if (inserted.length === 0) {
        throw new AppError("DeviceAlreadyExists", `A device with ID '${deviceId}' is already registered`, {
          deviceId,
        });
      }
      const moduleIds = isEdge ? await insertSystemModules(tx, deviceId, now) : [];
      await recordChanges(tx, [
        { kind: "device.created", deviceId, version: 1, payload: { edge: isEdge } },
        ...moduleIds.map((moduleId) => ({ kind: "module.created" as const, deviceId, moduleId })),
      ]);
      const device = toIdentityDto(inserted[0], { includeKeys: true });
      await recordAudit({ ...auditBase(context, deviceId), action: "device.create", after: device }, tx);
      return { device, created: true };
    }

    const current = await requireTwinRow(tx, { deviceId }, { forUpdate: true });
    if (ifMatch.kind === "etag" && ifMatch.etag !== current.identity_etag) {
      throw new AppError("PreconditionFailed", "The device etag does not match If-Match", { deviceId });
    }
    const auth = resolveAuthenticationUpdate(body.authentication, current, { allowNone: false, path: "authentication" });
    const isEdge = body.capabilities?.iotEdge ?? Boolean(current.edge_enabled);
    const statusChanged = status !== current.status;
    const becomesEdge = isEdge && !current.edge_enabled;
    const [updated] = await rowsOf<TwinRow>(
      tx,
      sql`update devices set identity_etag = ${nextIdentityEtag()}, status = ${status},
            status_reason = ${body.statusReason ?? null},
            status_updated_time = ${statusChanged ? now : current.status_updated_time},
            auth_type = ${auth.authType}, primary_key = ${auth.primaryKey}, secondary_key = ${auth.secondaryKey},
            primary_thumbprint = ${auth.primaryThumbprint}, secondary_thumbprint = ${auth.secondaryThumbprint},
            model_id = ${body.modelId ?? current.model_id}, edge_enabled = ${isEdge},
            device_scope = coalesce(device_scope, ${
              becomesEdge ? deviceScopeFor(deviceId, current.generation_id) : null
            }),
            parent_scopes = ${JSON.stringify(body.parentScopes ?? [])}::jsonb
          where device_id = ${deviceId}
          returning *`,
    );
    const moduleIds = becomesEdge ? await insertSystemModules(tx, deviceId, now) : [];
    // Turning edge on or off changes whose connection the device's presence follows.
    if (isEdge !== Boolean(current.edge_enabled)) await syncDevicePresence(tx, [deviceId]);
    await recordChanges(tx, [
      { kind: "device.updated", deviceId, payload: { status, statusChanged } },
      ...moduleIds.map((moduleId) => ({ kind: "module.created" as const, deviceId, moduleId })),
    ]);
    const device = toIdentityDto(updated, { includeKeys: true });
    await recordAudit(
      { ...auditBase(context, deviceId), action: "device.update", before: toIdentityDto(current, { includeKeys: true }), after: device },
      tx,
    );
    return { device, created: false };
  });
}


const auditBase = (context: WriteContext, deviceId: string) => ({
  actor: context.actor,
  clientAddress: context.clientAddress,
  targetKind: "device" as const,
  targetId: deviceId,
});
