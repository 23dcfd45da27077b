import { sql } from "drizzle-orm";
import { notFound, type TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

/** Throws DeviceNotFound / ModuleNotFound unless the identity is registered. */
export async function requireIdentity(target: TwinTarget): Promise<void> {
  const { db } = await getStore();
  const rows =
    target.moduleId === undefined
      ? await rowsOf(db, sql`select 1 from devices where device_id = ${target.deviceId}`)
      : await rowsOf(db, sql`select 1 from modules where device_id = ${target.deviceId} and module_id = ${target.moduleId}`);
  if (rows.length === 0) throw notFound(target);
}
