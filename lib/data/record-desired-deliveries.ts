import { sql } from "drizzle-orm";
import { CHANGE_CHANNEL } from "@/db/client";
import type { TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

export type DeliveryVia = "push" | "get";
export type DesiredDelivery = TwinTarget & { version: number; via: DeliveryVia };

/**
 * Records that the hub delivered desired `$version`s to devices and modules (a PATCH push sent, or
 * a twin GET answered): their pending desired writes up to that version get their receipt. One
 * statement for the whole batch, writing only rows whose delivered version rises, with one
 * `operation.updated` change row per row moved and at most one NOTIFY: a repeated GET writes
 * nothing, and a deployment pushed to many connected devices costs one transaction per batch, not
 * one per device. The node holding the sessions calls it, whichever node took the twin write.
 * Returns how many rows moved.
 */
export async function recordDesiredDeliveries(deliveries: DesiredDelivery[], now: Date): Promise<number> {
  if (deliveries.length === 0) return 0;
  const at = now.toISOString();
  const values = sql.join(
    deliveries.map((d) => sql`(${d.deviceId}::text, ${d.moduleId ?? ""}::text, ${d.version}::int, ${d.via}::text)`),
    sql`, `,
  );
  const { db } = await getStore();
  const [row] = await rowsOf<{ moved: number | string }>(
    db,
    sql`with input (device_id, module_id, version, via) as (values ${values}),
        moved_devices as (
          update devices d set desired_delivered_version = i.version, desired_delivered_at = ${at}
          from input i
          where i.module_id = '' and d.device_id = i.device_id and coalesce(d.desired_delivered_version, 0) < i.version
          returning d.device_id, '' as module_id, i.version, i.via),
        moved_modules as (
          update modules m set desired_delivered_version = i.version, desired_delivered_at = ${at}
          from input i
          where i.module_id <> '' and m.device_id = i.device_id and m.module_id = i.module_id and coalesce(m.desired_delivered_version, 0) < i.version
          returning m.device_id, m.module_id, i.version, i.via),
        moved as (select * from moved_devices union all select * from moved_modules),
        feed as (
          insert into changes (kind, device_id, module_id, version, payload)
          select 'operation.updated', device_id, nullif(module_id, ''), version,
            jsonb_build_object('operation', 'desired', 'via', via, 'at', ${at}::text)
          from moved
          returning seq)
        select (select count(*) from moved) as moved,
          (select pg_notify(${CHANGE_CHANNEL}, max(seq)::text) from feed having count(*) > 0) as notified`,
  );
  return Number(row?.moved ?? 0);
}
