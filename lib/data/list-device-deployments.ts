import { sql } from "drizzle-orm";
import { getStore, rowsOf } from "./store";

/**
 * Deployments that target a device, from the reconciler's `deployment_assignments` (what the delete
 * preview shows). `tracked` stays in the shape for clients written before deployments existed.
 */
export type DeviceDeployments = { tracked: boolean; items: { id: string; status: string }[] };

export async function listDeviceDeployments(deviceId: string): Promise<DeviceDeployments> {
  const { db } = await getStore();
  const items = await rowsOf<{ id: string; status: string }>(
    db,
    sql`select a.deployment_id as id, a.status from deployment_assignments a join deployments d on d.id = a.deployment_id
        where a.device_id = ${deviceId} order by a.deployment_id`,
  );
  return { tracked: true, items };
}
