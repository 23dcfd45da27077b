import { sql } from "drizzle-orm";
import { getStore, rowsOf } from "./store";

/** GET /statistics/devices (reference §4.2). */
export async function getDeviceStatistics() {
  const { db } = await getStore();
  const [row] = await rowsOf<{ total: string | number; enabled: string | number }>(
    db,
    sql`select count(*) as total, count(*) filter (where status = 'enabled') as enabled from devices`,
  );
  const total = Number(row.total);
  const enabled = Number(row.enabled);
  return { totalDeviceCount: total, enabledDeviceCount: enabled, disabledDeviceCount: total - enabled };
}
