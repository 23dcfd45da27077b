import { sql } from "drizzle-orm";
import { CHANGE_CHANNEL } from "@/db/client";
import { getStore, rowsOf } from "./store";
import { syncDevicePresence } from "./sync-device-presence";

/**
 * Marks every identity Disconnected, with its change rows. Only for a single-process store (PGlite,
 * which takes a lock on its data folder): after a crash no session survives, but rows may still say
 * Connected. With several processes on one PostgreSQL this would clobber the others' sessions.
 */
export async function resetConnectionStates(now: Date): Promise<number> {
  const at = now.toISOString();
  const { db } = await getStore();
  const payload = JSON.stringify({ connectionState: "Disconnected", at });
  const [row] = await rowsOf<{ count: string | number }>(
    db,
    sql`with d as (
          update devices set connection_state = 'Disconnected', connection_state_updated_time = ${at}, connected_node = null
          where connection_state <> 'Disconnected' returning device_id),
        m as (
          update modules set connection_state = 'Disconnected', connection_state_updated_time = ${at}, connected_node = null
          where connection_state <> 'Disconnected' returning device_id, module_id),
        inserted as (
          insert into changes (kind, device_id, module_id, payload)
          select 'connection.changed', device_id, null, ${payload}::jsonb from d
          union all select 'connection.changed', device_id, module_id, ${payload}::jsonb from m
          returning seq)
        select count(*) as count, pg_notify(${CHANGE_CHANNEL}, max(seq)::text) from inserted having count(*) > 0`,
  );
  // A separate statement: one statement may not update the same devices rows twice.
  await syncDevicePresence(db, "all");
  return Number(row?.count ?? 0);
}
