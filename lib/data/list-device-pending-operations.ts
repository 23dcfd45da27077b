import { sql } from "drizzle-orm";
import {
  shapePendingOperations,
  type DeploymentStateRow,
  type DesiredRevisionRow,
  type IdentityDelivery,
  type MethodCallRow,
  type MethodCallStatus,
  type PendingOperations,
} from "@/lib/domain/edge-health/pending-operations";
import { notFound } from "./select-twin-row";
import { getStore, rowsOf } from "./store";
import { parseDbTime } from "./timestamps";

/** Pending desired writes listed per device at most (a device offline for days under a busy deployment). */
const MAX_PENDING = 200;
const RECEIPTS = 20;

const iso = (value: string | Date | null | undefined) => parseDbTime(value)?.toISOString() ?? null;
const moduleOf = (id: string) => (id === "" ? null : id);
const numberOrNull = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);

type IdentityRow = { module_id: string; desired_version: number; desired_delivered_version: number | null; desired_delivered_at: string | Date | null };
type RevisionRow = { module_id: string; version: number; twin_version: number | string | null; operation: string; actor: string; at: string | Date };
type CallRow = {
  id: number | string;
  module_id: string;
  method_name: string;
  requested_by: string;
  queued_at: string | Date;
  expires_at: string | Date;
  status: MethodCallStatus;
  status_code: number | null;
  error_code: string | null;
  delivered_at: string | Date | null;
  finished_at: string | Date | null;
};
type AgentRow = {
  configurations: Record<string, unknown>;
  desired_version: number;
  last_desired_version: unknown;
  last_desired_code: unknown;
  reported_at: string | null;
  written_at: string | Date | null;
};

/**
 * What is pending for a device and its modules, and the latest receipts: desired writes (revisions
 * since the identity was created, above the version the hub delivered), direct method calls that
 * waited for a connection (`method_calls`), and the deployment its `$edgeAgent` has not acted on
 * (reported `lastDesiredVersion` below desired `$version`). DeviceNotFound for an unknown device.
 */
export async function listDevicePendingOperations(deviceId: string, now: Date): Promise<PendingOperations & { deviceId: string; connectionState: string }> {
  const { db } = await getStore();
  const [device] = await rowsOf<{ connection_state: string }>(db, sql`select connection_state from devices where device_id = ${deviceId}`);
  if (!device) throw notFound({ deviceId });
  const identities = sql`
    select '' as module_id, desired_version, desired_delivered_version, desired_delivered_at, created_at from devices where device_id = ${deviceId}
    union all
    select module_id, desired_version, desired_delivered_version, desired_delivered_at, created_at from modules where device_id = ${deviceId}`;
  const revisions = (delivered: boolean) => sql`
    with ids as (${identities})
    select r.module_id, r.version, r.twin_version, r.operation, r.actor, r.at
    from ids join twin_revisions r on r.device_id = ${deviceId} and r.module_id = ids.module_id and r.section = 'desired'
      and r.at >= ids.created_at
      and ${delivered ? sql`r.version <= coalesce(ids.desired_delivered_version, 0)` : sql`r.version > coalesce(ids.desired_delivered_version, 0)`}
    order by r.at ${delivered ? sql`desc` : sql`asc`}, r.id limit ${delivered ? RECEIPTS : MAX_PENDING}`;

  const idRows = await rowsOf<IdentityRow>(db, identities);
  const pendingRevisions = await rowsOf<RevisionRow>(db, revisions(false));
  const deliveredRevisions = await rowsOf<RevisionRow>(db, revisions(true));
  const calls = await rowsOf<CallRow>(
    db,
    sql`select * from method_calls where device_id = ${deviceId}
        order by (status in ('pending', 'delivered')) desc, queued_at desc limit ${MAX_PENDING}`,
  );
  const [agent] = await rowsOf<AgentRow>(
    db,
    sql`select m.configurations, m.desired_version,
          m.reported -> 'lastDesiredVersion' as last_desired_version,
          m.reported -> 'lastDesiredStatus' -> 'code' as last_desired_code,
          m.reported_metadata -> 'lastDesiredVersion' ->> '$lastUpdated' as reported_at,
          (select r.at from twin_revisions r
            where r.device_id = m.device_id and r.module_id = m.module_id and r.section = 'desired' and r.version = m.desired_version
              and r.at >= m.created_at
            order by r.id desc limit 1) as written_at
        from modules m where m.device_id = ${deviceId} and m.module_id = '$edgeAgent'`,
  );

  return {
    deviceId,
    connectionState: device.connection_state,
    ...shapePendingOperations(
      {
        identities: idRows.map(
          (r): IdentityDelivery => ({
            moduleId: moduleOf(r.module_id),
            desiredVersion: r.desired_version,
            deliveredVersion: r.desired_delivered_version,
            deliveredAt: iso(r.desired_delivered_at),
          }),
        ),
        revisions: [...pendingRevisions, ...deliveredRevisions].map(
          (r): DesiredRevisionRow => ({
            moduleId: moduleOf(r.module_id),
            version: r.version,
            twinVersion: r.twin_version === null ? null : Number(r.twin_version),
            operation: r.operation,
            actor: r.actor,
            at: iso(r.at) ?? "",
          }),
        ),
        methodCalls: calls.map(
          (c): MethodCallRow => ({
            id: Number(c.id),
            moduleId: moduleOf(c.module_id),
            methodName: c.method_name,
            requestedBy: c.requested_by,
            queuedAt: iso(c.queued_at) ?? "",
            expiresAt: iso(c.expires_at) ?? "",
            status: c.status,
            statusCode: c.status_code,
            errorCode: c.error_code,
            deliveredAt: iso(c.delivered_at),
            finishedAt: iso(c.finished_at),
          }),
        ),
        deployment: agent ? deploymentState(agent) : null,
      },
      now,
      RECEIPTS,
    ),
  };
}

/** Deployments the `configurations` map of `$edgeAgent` says were merged into its desired (§5.3). */
function deploymentState(row: AgentRow): DeploymentStateRow {
  const deploymentIds = Object.entries(row.configurations ?? {})
    .filter(([, v]) => (v as { status?: unknown } | null)?.status === "Applied")
    .map(([id]) => id)
    .sort();
  return {
    deploymentIds,
    desiredVersion: row.desired_version,
    lastDesiredVersion: numberOrNull(row.last_desired_version),
    lastDesiredStatusCode: numberOrNull(row.last_desired_code),
    writtenAt: iso(row.written_at),
    reportedAt: typeof row.reported_at === "string" ? row.reported_at : null,
  };
}
