import { sql } from "drizzle-orm";
import { listDeviceDeployments, type DeviceDeployments } from "./list-device-deployments";
import { requireTwinRow } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

export type DeleteImpact = {
  deviceId: string;
  edge: boolean;
  /** Every module identity that goes with the device (system modules included). */
  modules: { moduleId: string; managedBy: string | null }[];
  deployments: DeviceDeployments;
};

/** What deleting a device would remove or affect, for the confirmation dialog. Writes nothing. */
export async function getDeleteImpact(deviceId: string): Promise<DeleteImpact> {
  const { db } = await getStore();
  const device = await requireTwinRow(db, { deviceId });
  const modules = await rowsOf<{ module_id: string; managed_by: string | null }>(
    db,
    sql`select module_id, managed_by from modules where device_id = ${deviceId} order by module_id`,
  );
  return {
    deviceId,
    edge: Boolean((device as unknown as { edge_enabled?: boolean }).edge_enabled),
    modules: modules.map((m) => ({ moduleId: m.module_id, managedBy: m.managed_by })),
    deployments: await listDeviceDeployments(deviceId),
  };
}
