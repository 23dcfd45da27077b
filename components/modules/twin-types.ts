import type { JsonObject } from "@/lib/domain/twins";

/** A device or module twin as GET /api/twins/… answers it (the parts the console reads). */
export type Twin = {
  deviceId: string;
  moduleId?: string;
  etag: string;
  version: number;
  tags?: JsonObject;
  properties: { desired: JsonObject; reported: JsonObject };
};

export type TwinTarget = { deviceId: string; moduleId?: string };

export const twinApiPath = ({ deviceId, moduleId }: TwinTarget) =>
  `/twins/${encodeURIComponent(deviceId)}${moduleId === undefined ? "" : `/modules/${encodeURIComponent(moduleId)}`}`;

/** A section without the members the hub maintains at its root (`$version`, `$metadata`). */
export function editableSection(section: JsonObject | undefined): JsonObject {
  return Object.fromEntries(Object.entries(section ?? {}).filter(([key]) => !key.startsWith("$"))) as JsonObject;
}

export const prettyJson = (value: unknown) => JSON.stringify(value, null, 2);
