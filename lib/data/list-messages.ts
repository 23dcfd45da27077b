import { sql } from "drizzle-orm";
import { requireTwinRow } from "./select-twin-row";
import { getStore, rowsOf } from "./store";
import { isoTime } from "./rows";

export type MessageRow = {
  id: string | number;
  device_id: string;
  module_id: string;
  output_name: string | null;
  system_properties: Record<string, string>;
  properties: Record<string, string>;
  body: string;
  body_encoding: "utf8" | "base64";
  size: number;
  enqueued_at: string | Date;
};

export const toMessageDto = (row: MessageRow) => ({
  id: String(row.id),
  deviceId: row.device_id,
  moduleId: row.module_id === "" ? null : row.module_id,
  outputName: row.output_name,
  enqueuedTimeUtc: isoTime(row.enqueued_at),
  systemProperties: row.system_properties,
  properties: row.properties,
  body: row.body,
  bodyEncoding: row.body_encoding,
  size: Number(row.size),
});

export type MessageDto = ReturnType<typeof toMessageDto>;

/**
 * Recent telemetry of a device, newest first: all of it (device and modules), or one module's.
 * 404 when the device or module is not registered, so an empty list always means "no messages".
 */
export async function listMessages(deviceId: string, options: { moduleId?: string; limit: number }): Promise<MessageDto[]> {
  const { db } = await getStore();
  await requireTwinRow(db, options.moduleId === undefined ? { deviceId } : { deviceId, moduleId: options.moduleId });
  const filter = options.moduleId === undefined ? sql`` : sql` and module_id = ${options.moduleId}`;
  const rows = await rowsOf<MessageRow>(
    db,
    sql`select * from messages where device_id = ${deviceId}${filter} order by id desc limit ${options.limit}`,
  );
  return rows.map(toMessageDto);
}
