import { toIdentityDto } from "./rows";
import { requireTwinRow } from "./select-twin-row";
import { getStore } from "./store";

export async function getModule(deviceId: string, moduleId: string, options: { includeKeys: boolean }) {
  const { db } = await getStore();
  return toIdentityDto(await requireTwinRow(db, { deviceId, moduleId }), options);
}
