import { sql } from "drizzle-orm";
import type { MqttIdentity } from "@/lib/domain/mqtt";
import { notifySql } from "./record-changes";
import { getStore, rowsOf } from "./store";
import { syncDevicePresence } from "./sync-device-presence";

/** Records that this server process is alive (upsert of its `cluster_nodes` row). */
export async function heartbeat(nodeId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  const { db } = await getStore();
  await rowsOf(
    db,
    sql`insert into cluster_nodes (node_id, started_at, last_seen) values (${nodeId}, ${at}, ${at})
        on conflict (node_id) do update set last_seen = excluded.last_seen`,
  );
}

/** A node shutting down cleanly leaves the cluster at once instead of timing out. */
export async function leaveCluster(nodeId: string): Promise<void> {
  const { db } = await getStore();
  await rowsOf(db, sql`delete from cluster_nodes where node_id = ${nodeId}`);
}

/**
 * Forgets nodes silent for longer than `timeoutSeconds` and marks Disconnected every identity whose
 * session was held by a node that is no longer alive (a crashed process cannot do it itself), with
 * `connection.changed` rows and one NOTIFY, in one statement. Idempotent: every node runs it.
 */
export async function sweepDeadNodes(now: Date, timeoutSeconds: number): Promise<number> {
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - timeoutSeconds * 1000).toISOString();
  const payload = JSON.stringify({ connectionState: "Disconnected", at });
  const { db } = await getStore();
  const [row] = await rowsOf<{ count: string | number; devices: string[] | string | null }>(
    db,
    sql`with gone as (delete from cluster_nodes where last_seen < ${cutoff} returning node_id),
        alive as (select node_id from cluster_nodes where last_seen >= ${cutoff}),
        d as (
          update devices set connection_state = 'Disconnected', connection_state_updated_time = ${at}, connected_node = null
          where connection_state = 'Connected' and (connected_node is null or connected_node not in (select node_id from alive))
          returning device_id),
        m as (
          update modules set connection_state = 'Disconnected', connection_state_updated_time = ${at}, connected_node = null
          where connection_state = 'Connected' and (connected_node is null or connected_node not in (select node_id from alive))
          returning device_id, module_id),
        inserted as (
          insert into changes (kind, device_id, module_id, payload)
          select 'connection.changed', device_id, null, ${payload}::jsonb from d
          union all select 'connection.changed', device_id, module_id, ${payload}::jsonb from m
          returning seq)
        select (select count(*) from gone) as gone, count(*) as count, ${notifySql(sql`inserted`)} as notified,
          (select jsonb_agg(distinct device_id) from (select device_id from d union all select device_id from m where module_id = '$edgeAgent') x) as devices
        from inserted having count(*) > 0`,
  );
  // Afterwards, not in the statement above: one statement may not update the same devices rows twice.
  const swept = typeof row?.devices === "string" ? (JSON.parse(row.devices) as string[]) : (row?.devices ?? []);
  if (swept.length > 0) await syncDevicePresence(db, swept);
  return Number(row?.count ?? 0);
}

/** The node holding the identity's live session, if any (and if that node is still alive). */
export async function findSessionNode(identity: MqttIdentity): Promise<string | null> {
  const { db } = await getStore();
  const rows =
    identity.moduleId === undefined
      ? await rowsOf<{ node: string | null }>(
          db,
          sql`select d.connected_node as node from devices d join cluster_nodes n on n.node_id = d.connected_node
              where d.device_id = ${identity.deviceId} and d.connection_state = 'Connected'`,
        )
      : await rowsOf<{ node: string | null }>(
          db,
          sql`select m.connected_node as node from modules m join cluster_nodes n on n.node_id = m.connected_node
              where m.device_id = ${identity.deviceId} and m.module_id = ${identity.moduleId} and m.connection_state = 'Connected'`,
        );
  return rows[0]?.node ?? null;
}
