import { toTwinDto } from "./rows";
import { requireTwinRow, type TwinTarget } from "./select-twin-row";
import { getStore } from "./store";

export async function getTwin(target: TwinTarget) {
  const { db } = await getStore();
  return toTwinDto(await requireTwinRow(db, target));
}
