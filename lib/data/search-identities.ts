import { sql } from "drizzle-orm";
import { getStore, rowsOf } from "./store";

/**
 * GET /search?q=: devices and modules whose id starts with `q` (case-sensitive, as ids are), for the
 * command palette. `~>=~`/`~<~` are the text_pattern_ops operators, so the range runs on the
 * `*_id_prefix` indexes (migration 0003) even as a prepared statement with a generic plan, which a
 * `like $1` could not. chr(1114111) is the highest code point: every id with the prefix sorts below it.
 */
export async function searchIdentities(prefix: string, limit: number) {
  const { db } = await getStore();
  const [devices, modules] = await Promise.all([
    rowsOf<{ device_id: string; edge_enabled: boolean; connection_state: string }>(
      db,
      sql`select device_id, edge_enabled, presence_state as connection_state from devices
          where device_id ~>=~ ${prefix} and device_id ~<~ (${prefix} || chr(1114111))
          order by device_id using ~<~ limit ${limit}`,
    ),
    rowsOf<{ device_id: string; module_id: string }>(
      db,
      sql`select device_id, module_id from modules
          where module_id ~>=~ ${prefix} and module_id ~<~ (${prefix} || chr(1114111))
          order by module_id using ~<~, device_id limit ${limit}`,
    ),
  ]);
  return {
    devices: devices.map((d) => ({ deviceId: d.device_id, edge: Boolean(d.edge_enabled), connectionState: d.connection_state })),
    modules: modules.map((m) => ({ deviceId: m.device_id, moduleId: m.module_id })),
  };
}
