import { sql } from "drizzle-orm";
import { mergeDeployments, type ModulesContent } from "@/lib/domain/deployments";
import type { DeploymentRow } from "./deployment-rows";
import { requireIdentity } from "./require-identity";
import { getStore, rowsOf } from "./store";

type Entry = { id: string; priority: number; layered: boolean; status: "Applied" | "Targeted"; createdTimeUtc: string; reason: string };

/** Why a deployment is Applied or only Targeted on this device, in the words of §5.3. */
function reasonFor(d: DeploymentRow, status: string, base: DeploymentRow | undefined): string {
  if (!d.layered) {
    if (d.id === base?.id) return "base deployment with the highest priority (ties go to the newest)";
    return base ? `base deployment that lost to '${base.id}' (priority ${base.priority})` : "base deployment";
  }
  if (!base) return "layered deployment, but no base deployment targets this device";
  if (status === "Applied") return `layered on top of '${base.id}' (priority ${d.priority} > ${base.priority})`;
  return `layered deployment whose priority ${d.priority} is not above the base's ${base.priority}`;
}

/**
 * GET /devices/{id}/effectiveConfiguration: the deployments that target the device (as the
 * reconciler last decided), which base won and why, the merged desired documents, and for every
 * module, route and twin section which deployment supplied it.
 */
export async function getEffectiveConfiguration(deviceId: string) {
  const { db } = await getStore();
  await requireIdentity({ deviceId });
  const rows = await rowsOf<DeploymentRow & { assignment_status: "Applied" | "Targeted" }>(
    db,
    sql`select d.*, a.status as assignment_status from deployment_assignments a join deployments d on d.id = a.deployment_id
        where a.device_id = ${deviceId} order by d.priority desc, d.created_seq desc`,
  );
  const merged = mergeDeployments(
    rows.map((d) => ({ id: d.id, priority: d.priority, createdTimeUtc: new Date(d.created_time).toISOString(), modulesContent: d.modules_content as ModulesContent })),
  );
  const base = rows.find((d) => d.id === merged.base);
  const deployments: Entry[] = rows.map((d) => {
    const status = merged.statusById[d.id] ?? d.assignment_status;
    return { id: d.id, priority: d.priority, layered: d.layered, status, createdTimeUtc: new Date(d.created_time).toISOString(), reason: reasonFor(d, status, base) };
  });
  return { deviceId, deployments, base: merged.base, merged: merged.desiredByModule, provenance: merged.provenance };
}
