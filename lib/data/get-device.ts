import { toIdentityDto } from "./rows";
import { requireTwinRow } from "./select-twin-row";
import { getStore } from "./store";

export async function getDevice(deviceId: string, options: { includeKeys: boolean }) {
  const { db } = await getStore();
  return toIdentityDto(await requireTwinRow(db, { deviceId }), options);
}
