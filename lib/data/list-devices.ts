import { sql } from "drizzle-orm";
import { toIdentityDto, type TwinRow } from "./rows";
import { getStore, rowsOf } from "./store";

/** GET /devices: at most 1000 identities in id order (reference §4.2; query or export for more). */
export async function listDevices(options: { top: number; includeKeys: boolean }) {
  const { db } = await getStore();
  const rows = await rowsOf<TwinRow>(db, sql`select * from devices order by device_id limit ${options.top}`);
  return rows.map((row) => toIdentityDto(row, options));
}
