import { sql } from "drizzle-orm";
import type { TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

/**
 * `lastActivityTime` of a device or module (reference §1.2). The MQTT endpoint throttles calls per
 * identity, so no change row is written: the value is read with the identity, not pushed live.
 */
export async function updateLastActivity(target: TwinTarget, now: Date): Promise<void> {
  const { db } = await getStore();
  const at = now.toISOString();
  await rowsOf(
    db,
    target.moduleId === undefined
      ? sql`update devices set last_activity_time = ${at} where device_id = ${target.deviceId}`
      : sql`update modules set last_activity_time = ${at} where device_id = ${target.deviceId} and module_id = ${target.moduleId}`,
  );
}
