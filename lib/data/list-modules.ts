import { sql } from "drizzle-orm";
import { toIdentityDto, type TwinRow } from "./rows";
import { requireTwinRow } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

export async function listModules(deviceId: string, options: { includeKeys: boolean }) {
  const { db } = await getStore();
  await requireTwinRow(db, { deviceId });
  const rows = await rowsOf<TwinRow>(
    db,
    sql`select * from modules where device_id = ${deviceId} order by module_id`,
  );
  return rows.map((row) => toIdentityDto(row, options));
}
