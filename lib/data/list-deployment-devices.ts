import { sql } from "drizzle-orm";
import { rolloutState } from "@/lib/domain/deployments";
import { isJsonObject, type JsonObject } from "@/lib/domain/twins";
import { deploymentNotFound, selectDeploymentRow } from "./get-deployment";
import { getStore, rowsOf } from "./store";

export type AssignmentFilter = "applied" | "targeted" | "success" | "failure" | "pending";
const PAGE = 500;

type AssignmentRow = {
  device_id: string;
  status: "Applied" | "Targeted";
  since: string | Date;
  desired_version: number | null;
  reported: JsonObject | null;
  reported_at: string | Date | null;
  desired_status_at: string | null;
};

/**
 * GET /configurations/{id}/devices: the devices a deployment targets, with their rollout state read
 * from `$edgeAgent` reported (lib/domain/deployments rollout.ts) and failures named per module.
 * `success`/`failure`/`pending` filter on that state (only Applied devices can report for it).
 */
export async function listDeploymentDevices(id: string, filter: AssignmentFilter | null, now: Date) {
  const { db } = await getStore();
  if (!(await selectDeploymentRow(db, id))) throw deploymentNotFound(id);
  const statusCondition =
    filter === "applied" || filter === "success" || filter === "failure" || filter === "pending"
      ? sql`and a.status = 'Applied'`
      : filter === "targeted"
        ? sql`and a.status = 'Targeted'`
        : sql``;
  const rows = await rowsOf<AssignmentRow>(
    db,
    sql`select a.device_id, a.status, a.since, ea.desired_version, ea.reported,
          (ea.reported_metadata ->> '$lastUpdated') as reported_at,
          (ea.reported_metadata #>> '{lastDesiredStatus,$lastUpdated}') as desired_status_at
        from deployment_assignments a
        left join modules ea on ea.device_id = a.device_id and ea.module_id = '$edgeAgent'
        where a.deployment_id = ${id} ${statusCondition}
        order by a.device_id limit ${filter === "success" || filter === "failure" || filter === "pending" ? 20_000 : PAGE}`,
  );
  const items = rows
    .map((row) => {
      const state =
        row.status === "Applied"
          ? rolloutState({ desiredVersion: row.desired_version ?? 0, reported: isJsonObject(row.reported) ? row.reported : {}, now })
          : { state: "pending" as const, failures: [] };
      return {
        deviceId: row.device_id,
        status: row.status,
        since: new Date(row.since).toISOString(),
        rollout: row.status === "Applied" ? state.state : ("not-applied" as const),
        // A failure of the whole deployment (lastDesiredStatus) dates from when that status was reported.
        failures: state.failures.map((f) => ({ ...f, since: f.since ?? row.desired_status_at })),
        reportedAt: row.reported_at ? new Date(row.reported_at).toISOString() : null,
      };
    })
    .filter((item) => !filter || filter === "applied" || filter === "targeted" || item.rollout === filter)
    .slice(0, PAGE);
  return { items, truncated: rows.length >= PAGE && items.length >= PAGE };
}
