import { sql } from "drizzle-orm";
import { recordChanges } from "./record-changes";
import { getStore, rowsOf } from "./store";

export type MethodCallOutcome =
  | { status: "delivered" }
  | { status: "answered"; statusCode: number }
  | { status: "expired" | "failed"; errorCode: string; statusCode: number };

/**
 * Moves a queued direct method call on: delivered (the device connected and the request was sent),
 * then answered, or expired/failed with the hub's error. `delivered_at` is kept from the first
 * delivery; a finished call is never changed again.
 */
export async function updateMethodCall(id: number, outcome: MethodCallOutcome, now: Date): Promise<void> {
  const at = now.toISOString();
  const finished = outcome.status !== "delivered";
  const statusCode = "statusCode" in outcome ? outcome.statusCode : null;
  const errorCode = "errorCode" in outcome ? outcome.errorCode : null;
  const { db } = await getStore();
  await db.transaction(async (tx) => {
    const [row] = await rowsOf<{ device_id: string; module_id: string }>(
      tx,
      sql`update method_calls set status = ${outcome.status}, status_code = ${statusCode}, error_code = ${errorCode},
            delivered_at = ${outcome.status === "expired" ? sql`delivered_at` : sql`coalesce(delivered_at, ${at})`},
            finished_at = ${finished ? at : null}
          where id = ${id} and status in ('pending', 'delivered')
          returning device_id, module_id`,
    );
    if (!row) return;
    await recordChanges(tx, [
      { kind: "operation.updated", deviceId: row.device_id, moduleId: row.module_id || null, payload: { operation: "method", id, status: outcome.status } },
    ]);
  });
}
