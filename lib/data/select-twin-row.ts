import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import type { TwinRow } from "./rows";
import { rowsOf, type Executor } from "./store";

export type TwinTarget = { deviceId: string; moduleId?: string };

/** Reads one device or module row; `forUpdate` locks it for the rest of the transaction. */
export async function selectTwinRow(
  executor: Executor,
  target: TwinTarget,
  options: { forUpdate?: boolean } = {},
): Promise<TwinRow | undefined> {
  const lock = options.forUpdate ? sql` for update` : sql``;
  const rows =
    target.moduleId === undefined
      ? await rowsOf<TwinRow>(executor, sql`select * from devices where device_id = ${target.deviceId}${lock}`)
      : await rowsOf<TwinRow>(
          executor,
          sql`select * from modules where device_id = ${target.deviceId} and module_id = ${target.moduleId}${lock}`,
        );
  return rows[0];
}

export async function requireTwinRow(
  executor: Executor,
  target: TwinTarget,
  options: { forUpdate?: boolean } = {},
): Promise<TwinRow> {
  const row = await selectTwinRow(executor, target, options);
  if (row) return row;
  throw notFound(target);
}

export function notFound(target: TwinTarget): AppError {
  return target.moduleId === undefined
    ? new AppError("DeviceNotFound", `Device ${target.deviceId} is not registered`, { deviceId: target.deviceId })
    : new AppError("ModuleNotFound", `Module ${target.moduleId} is not registered on device ${target.deviceId}`, {
        deviceId: target.deviceId,
        moduleId: target.moduleId,
      });
}
