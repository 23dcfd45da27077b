import { sql } from "drizzle-orm";
import { DESIRED_KEY } from "@/lib/domain/deployments";
import { AppError } from "@/lib/domain/errors";
import { isJsonObject, type JsonObject } from "@/lib/domain/twins";
import { assertNoContentErrors, checkDeploymentContent } from "./check-deployment-content";
import type { WriteContext } from "./create-or-update-device";
import { getStore, rowsOf } from "./store";
import { updateTwin } from "./update-twin";

/**
 * POST /devices/{id}/applyConfigurationContent (`az iot edge set-modules`): replaces the desired
 * properties of `$edgeAgent`, `$edgeHub` and each listed module twin of one edge device. Layered
 * content is refused (set-modules sends a complete manifest). Everything is checked before the first
 * write; module twins that do not exist yet are skipped and named in the answer (the edge agent
 * creates them, and a deployment targeting the device would overwrite this at its next pass).
 */
export async function applyConfigurationContent(deviceId: string, modulesContent: Record<string, Record<string, unknown>>, context: WriteContext) {
  const check = checkDeploymentContent(modulesContent);
  assertNoContentErrors(check);
  if (check.layered) {
    throw new AppError("ArgumentInvalid", "applyConfigurationContent takes a complete manifest, not a layered one", { path: "modulesContent" });
  }
  for (const required of ["$edgeAgent", "$edgeHub"]) {
    if (!isJsonObject(check.modulesContent[required]?.[DESIRED_KEY])) {
      throw new AppError("ArgumentInvalid", `modulesContent.${required}["properties.desired"] is required`, { path: `modulesContent.${required}` });
    }
  }
  const { db } = await getStore();
  const [device] = await rowsOf<{ edge_enabled: boolean }>(db, sql`select edge_enabled from devices where device_id = ${deviceId}`);
  if (!device) throw new AppError("DeviceNotFound", `Device '${deviceId}' does not exist`, { deviceId });
  if (!device.edge_enabled) throw new AppError("ArgumentInvalid", `Device '${deviceId}' is not an IoT Edge device`, { path: "deviceId" });
  const existing = new Set(
    (await rowsOf<{ module_id: string }>(db, sql`select module_id from modules where device_id = ${deviceId}`)).map((r) => r.module_id),
  );
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const [moduleId, entry] of Object.entries(check.modulesContent)) {
    if (!existing.has(moduleId)) {
      skipped.push(moduleId);
      continue;
    }
    await updateTwin({ deviceId, moduleId }, { properties: { desired: entry[DESIRED_KEY] as JsonObject } }, "replace", null, context, {
      auditAction: "twin.applyConfigurationContent",
    });
    applied.push(moduleId);
  }
  return { applied, skipped };
}
