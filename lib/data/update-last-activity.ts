import { sql, type SQL } from "drizzle-orm";
import type { TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

/**
 * `lastActivityTime` of a device or module (reference §1.2). The MQTT endpoint throttles calls per
 * identity, so no change row is written: the value is read with the identity, not pushed live.
 * An edge device's own identity never connects (its runtime does, as `$edgeAgent`): the agent's
 * activity is the device's too, as its presence is (docs/console.md).
 */
export async function updateLastActivity(target: TwinTarget, now: Date): Promise<void> {
  const { db } = await getStore();
  const at = now.toISOString();
  await rowsOf(
    db,
    target.moduleId === undefined
      ? sql`update devices set last_activity_time = ${at} where device_id = ${target.deviceId}`
      : target.moduleId === "$edgeAgent"
        ? sql`with agent as (update modules set last_activity_time = ${at} where device_id = ${target.deviceId} and module_id = ${target.moduleId} returning 1)
              ${agentActivityOnDevice(target.deviceId, at, sql`exists (select 1 from agent)`)}`
        : sql`update modules set last_activity_time = ${at} where device_id = ${target.deviceId} and module_id = ${target.moduleId}`,
  );
}

/** The edge device's `last_activity_time` moved up to `at` (never back), when `onlyIf` holds. */
export const agentActivityOnDevice = (deviceId: string, at: string, onlyIf: SQL = sql`true`) =>
  sql`update devices set last_activity_time = greatest(coalesce(last_activity_time, '-infinity'::timestamptz), ${at}::timestamptz)
      where device_id = ${deviceId} and edge_enabled and ${onlyIf}`;
