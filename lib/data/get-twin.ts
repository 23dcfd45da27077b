import { toTwinDto, type TwinRow } from "./rows";
import { notFound, type TwinTarget } from "./select-twin-row";
import { getStore } from "./store";

const DEVICE_TWIN = "select * from devices where device_id = $1";
const MODULE_TWIN = "select * from modules where device_id = $1 and module_id = $2";

/**
 * The hottest read of the hub: fixed SQL, prepared once per connection. `forDevice`: the device's
 * own twin GET, without the masking of the service view.
 */
export async function getTwin(target: TwinTarget, options: { forDevice?: boolean } = {}) {
  const store = await getStore();
  const [row] =
    target.moduleId === undefined
      ? await store.query<TwinRow>(DEVICE_TWIN, [target.deviceId], { prepare: true })
      : await store.query<TwinRow>(MODULE_TWIN, [target.deviceId, target.moduleId], { prepare: true });
  if (!row) throw notFound(target);
  return toTwinDto(row, options);
}
