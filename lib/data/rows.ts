import { maskReportedRegistryPasswords, twinEtag } from "@/lib/domain/twins";
import { parseDbTime } from "./timestamps";

/** A row of `devices` or `modules` as raw SQL returns it (snake_case columns). */
export type TwinRow = {
  device_id: string;
  module_id?: string;
  managed_by?: string | null;
  generation_id: string;
  identity_etag: string;
  status: string;
  status_reason: string | null;
  status_updated_time: string | Date | null;
  auth_type: string;
  primary_key: string | null;
  secondary_key: string | null;
  primary_thumbprint: string | null;
  secondary_thumbprint: string | null;
  model_id: string;
  connection_state: string;
  connection_state_updated_time: string | Date | null;
  last_activity_time: string | Date | null;
  c2d_message_count: number;
  tags: Record<string, unknown>;
  desired: Record<string, unknown>;
  desired_metadata: Record<string, unknown>;
  desired_version: number;
  reported: Record<string, unknown>;
  reported_metadata: Record<string, unknown>;
  reported_version: number;
  twin_version: number | string;
  configurations: Record<string, unknown>;
  edge_enabled?: boolean;
  device_scope?: string | null;
  parent_scopes?: string[];
};

/** IoT Hub writes this for "never" (reference §1.2). */
export const NEVER = "0001-01-01T00:00:00Z";

export function isoTime(value: string | Date | null | undefined): string {
  return parseDbTime(value)?.toISOString() ?? NEVER;
}

const thumbprints = (row: TwinRow) => ({
  primaryThumbprint: row.primary_thumbprint,
  secondaryThumbprint: row.secondary_thumbprint,
});

/** Identity JSON of §1.2 / §1.3. Keys are included only when the caller may see them. */
export function toIdentityDto(row: TwinRow, options: { includeKeys: boolean }) {
  const authentication = {
    type: row.auth_type,
    symmetricKey: {
      primaryKey: options.includeKeys ? row.primary_key : null,
      secondaryKey: options.includeKeys ? row.secondary_key : null,
    },
    x509Thumbprint: thumbprints(row),
  };
  const common = {
    deviceId: row.device_id,
    generationId: row.generation_id,
    etag: row.identity_etag,
    connectionState: row.connection_state,
    connectionStateUpdatedTime: isoTime(row.connection_state_updated_time),
    lastActivityTime: isoTime(row.last_activity_time),
    cloudToDeviceMessageCount: row.c2d_message_count,
    authentication,
    modelId: row.model_id,
  };
  if (row.module_id !== undefined) {
    return { moduleId: row.module_id, managedBy: row.managed_by ?? null, ...common };
  }
  return {
    ...common,
    status: row.status,
    statusReason: row.status_reason,
    statusUpdatedTime: isoTime(row.status_updated_time),
    capabilities: { iotEdge: Boolean(row.edge_enabled) },
    deviceScope: row.device_scope ?? undefined,
    parentScopes: row.parent_scopes ?? [],
  };
}

export type IdentityDto = ReturnType<typeof toIdentityDto>;

/** The twin document of §2.1. */
/** `forDevice`: the identity's own view (twin GET over MQTT), exactly what it reported. */
export function toTwinDto(row: TwinRow, options: { forDevice?: boolean } = {}) {
  const isModule = row.module_id !== undefined;
  return {
    deviceId: row.device_id,
    ...(isModule ? { moduleId: row.module_id } : {}),
    etag: twinEtag(Number(row.twin_version)),
    deviceEtag: row.identity_etag,
    version: Number(row.twin_version),
    status: row.status,
    statusReason: row.status_reason ?? undefined,
    statusUpdateTime: isoTime(row.status_updated_time),
    connectionState: row.connection_state,
    lastActivityTime: isoTime(row.last_activity_time),
    cloudToDeviceMessageCount: row.c2d_message_count,
    authenticationType: row.auth_type,
    x509Thumbprint: thumbprints(row),
    modelId: row.model_id,
    ...(isModule
      ? {}
      : {
          capabilities: { iotEdge: Boolean(row.edge_enabled) },
          deviceScope: row.device_scope ?? undefined,
          parentScopes: row.parent_scopes ?? [],
        }),
    configurations: row.configurations,
    tags: row.tags,
    properties: {
      desired: { ...row.desired, $metadata: row.desired_metadata, $version: row.desired_version },
      // The service view masks what edgeAgent echoes in clear (registry passwords, §8.1); the
      // device's own twin GET over MQTT is built elsewhere and unchanged.
      reported: {
        ...(options.forDevice ? row.reported : maskReportedRegistryPasswords(row.module_id, row.reported as Record<string, unknown>)),
        $metadata: row.reported_metadata,
        $version: row.reported_version,
      },
    },
  };
}

export type TwinDto = ReturnType<typeof toTwinDto>;
