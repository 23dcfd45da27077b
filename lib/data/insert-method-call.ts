import { sql } from "drizzle-orm";
import { recordChanges } from "./record-changes";
import type { TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

/**
 * A direct method call that starts waiting for its device or module to connect: a `method_calls`
 * row (name, caller, times; never the payload) the console lists as pending. Null when the device
 * no longer exists.
 */
export async function insertMethodCall(
  target: TwinTarget,
  call: { methodName: string; requestedBy: string; connectTimeoutInSeconds: number },
  now: Date,
): Promise<number | null> {
  const expiresAt = new Date(now.getTime() + call.connectTimeoutInSeconds * 1000).toISOString();
  const { db } = await getStore();
  return db.transaction(async (tx) => {
    const [row] = await rowsOf<{ id: number | string }>(
      tx,
      sql`insert into method_calls (device_id, module_id, method_name, requested_by, queued_at, expires_at)
          select device_id, ${target.moduleId ?? ""}, ${call.methodName}, ${call.requestedBy}, ${now.toISOString()}, ${expiresAt}
          from devices where device_id = ${target.deviceId}
          returning id`,
    );
    if (!row) return null;
    const id = Number(row.id);
    await recordChanges(tx, [{ kind: "operation.updated", ...target, payload: { operation: "method", id, status: "pending" } }]);
    return id;
  });
}
