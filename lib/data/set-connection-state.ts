import { sql } from "drizzle-orm";
import { recordChanges } from "./record-changes";
import type { TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";
import { syncDevicePresence } from "./sync-device-presence";
import { agentActivityOnDevice } from "./update-last-activity";

export type ConnectionState = "Connected" | "Disconnected";

/**
 * Records a device or module connecting or disconnecting over MQTT: `connectionState`, its time,
 * and (on connect) `lastActivityTime`, with a `connection.changed` change row in the same
 * transaction so consoles see it live. A deleted identity is skipped silently. The device's presence
 * (an edge device's is its `$edgeAgent`'s connection) follows in the same transaction.
 *
 * `nodeId` is the server process holding the session. Connected records it; Disconnected applies
 * only while the row still names this node, so a node whose session was taken over by another node
 * (the device reconnected elsewhere) cannot overwrite the newer Connected.
 */
export async function setConnectionState(target: TwinTarget, state: ConnectionState, now: Date, nodeId: string): Promise<void> {
  const at = now.toISOString();
  const table = target.moduleId === undefined ? sql`devices` : sql`modules`;
  const where =
    target.moduleId === undefined
      ? sql`device_id = ${target.deviceId}`
      : sql`device_id = ${target.deviceId} and module_id = ${target.moduleId}`;
  const activity = state === "Connected" ? sql`, last_activity_time = ${at}, connected_node = ${nodeId}` : sql`, connected_node = null`;
  const owned = state === "Connected" ? sql`` : sql` and (connected_node is null or connected_node = ${nodeId})`;
  const { db } = await getStore();
  await db.transaction(async (tx) => {
    const updated = await rowsOf(
      tx,
      sql`update ${table} set connection_state = ${state}, connection_state_updated_time = ${at}${activity}
          where ${where}${owned} returning 1`,
    );
    if (updated.length === 0) return;
    // Only the device itself or its $edgeAgent decide whether the device counts as present.
    if (target.moduleId === undefined || target.moduleId === "$edgeAgent") await syncDevicePresence(tx, [target.deviceId]);
    if (target.moduleId === "$edgeAgent" && state === "Connected") await rowsOf(tx, agentActivityOnDevice(target.deviceId, at));
    await recordChanges(tx, [{ kind: "connection.changed", ...target, payload: { connectionState: state, at } }]);
  });
}
