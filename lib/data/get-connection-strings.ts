import { deviceConnectionString, moduleConnectionString } from "@/lib/domain/identity";
import { AppError } from "@/lib/domain/errors";
import { requireTwinRow, type TwinTarget } from "./select-twin-row";
import { getStore } from "./store";

/** Connection strings of a SAS identity in IoT Hub's format (reference §3.4), one per key. */
export async function getConnectionStrings(target: TwinTarget, hubHostName: string) {
  const { db } = await getStore();
  const row = await requireTwinRow(db, target);
  if (row.auth_type !== "sas" || !row.primary_key || !row.secondary_key) {
    throw new AppError("ArgumentInvalid", `The identity uses ${row.auth_type} authentication: it has no SAS connection string`, {
      path: "authentication.type",
    });
  }
  const build = (key: string) =>
    target.moduleId === undefined
      ? deviceConnectionString({ host: hubHostName, deviceId: target.deviceId, key })
      : moduleConnectionString({ host: hubHostName, deviceId: target.deviceId, moduleId: target.moduleId, key });
  return { primaryConnectionString: build(row.primary_key), secondaryConnectionString: build(row.secondary_key) };
}
