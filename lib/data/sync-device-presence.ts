import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "./store";

/**
 * Recomputes `devices.presence_state` / `presence_updated_time` (db/schema/devices.ts) from the
 * connections they derive from: an edge device's own identity never connects over MQTT (its
 * `$edgeAgent`, `$edgeHub` and modules do), so it is present while its `$edgeAgent` is Connected;
 * any other device while it is itself. Set-based and idempotent; rows already right are not touched.
 *
 * `deviceIds`: the devices whose connection (or whose `$edgeAgent`'s, or whose edge flag) just
 * changed; "all" after a bulk reset.
 */
export async function syncDevicePresence(tx: Executor, deviceIds: string[] | "all"): Promise<number> {
  if (deviceIds !== "all" && deviceIds.length === 0) return 0;
  const scope: SQL =
    deviceIds === "all"
      ? sql`true`
      : deviceIds.length === 1
        ? sql`s.device_id = ${deviceIds[0]}`
        : // A JSON array parameter works the same on postgres.js and PGlite (array binding does not).
          sql`s.device_id in (select jsonb_array_elements_text(${JSON.stringify(deviceIds)}::jsonb))`;
  const rows = await rowsOf(
    tx,
    sql`update devices d set
          presence_state = p.state,
          presence_updated_time = p.at
        from (
          select s.device_id,
            case when s.edge_enabled then coalesce(a.connection_state, 'Disconnected') else s.connection_state end as state,
            case when s.edge_enabled then a.connection_state_updated_time else s.connection_state_updated_time end as at
          from devices s left join modules a on a.device_id = s.device_id and a.module_id = '$edgeAgent'
          where ${scope}) p
        where d.device_id = p.device_id
          and (d.presence_state is distinct from p.state or d.presence_updated_time is distinct from p.at)
        returning 1`,
  );
  return rows.length;
}
