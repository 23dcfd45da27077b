import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import type { FleetPendingRow } from "@/lib/domain/edge-health/pending-operations";
import { getStore, rowsOf } from "./store";
import { parseDbTime } from "./timestamps";

type Row = {
  device_id: string;
  connection_state: string;
  desired: number | string;
  methods: number | string;
  deployments: number | string;
  oldest: string | Date | null;
};

const encodeCursor = (deviceId: string) => Buffer.from(deviceId, "utf8").toString("base64url");

function decodeCursor(cursor: string | undefined): string {
  if (cursor === undefined) return "";
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (text === "" || encodeCursor(text) !== cursor) throw new AppError("ArgumentInvalid", "cursor is not a cursor this API returned", { path: "cursor" });
  return text;
}

/** `reported.lastDesiredVersion` as a number; anything else a device wrote there counts as 0. */
const LAST_DESIRED = sql`case when jsonb_typeof(m.reported -> 'lastDesiredVersion') = 'number' then (m.reported ->> 'lastDesiredVersion')::numeric else 0 end`;

/**
 * Devices with pending operations, by device id, `limit` per page: undelivered desired writes (of
 * the device and its modules), direct method calls waiting for a connection or an answer, and a
 * deployment its `$edgeAgent` has not acted on; per device the count of each and the oldest queued
 * time. Set-based: identities are first narrowed to those whose desired `$version` is above the
 * delivered one (a scan of devices and modules, no per-device loop); their revisions are then
 * counted with the twin_revisions index.
 */
export async function listFleetPendingOperations(page: { limit: number; cursor?: string }, now: Date) {
  const after = decodeCursor(page.cursor);
  const { db } = await getStore();
  const rows = await rowsOf<Row>(
    db,
    sql`with ids as (
          select device_id, '' as module_id, desired_delivered_version as delivered, created_at from devices
            where device_id > ${after} and desired_version > coalesce(desired_delivered_version, 1)
          union all
          select device_id, module_id, desired_delivered_version, created_at from modules
            where device_id > ${after} and desired_version > coalesce(desired_delivered_version, 1)
        ),
        desired as (
          select ids.device_id, count(*) as n, min(r.at) as oldest
          from ids join twin_revisions r on r.device_id = ids.device_id and r.module_id = ids.module_id and r.section = 'desired'
            and r.version > coalesce(ids.delivered, 0) and r.at >= ids.created_at
          group by ids.device_id
        ),
        methods as (
          select device_id, count(*) as n, min(queued_at) as oldest from method_calls
          where device_id > ${after} and (status = 'delivered' or (status = 'pending' and expires_at > ${now.toISOString()}))
          group by device_id
        ),
        deploys as (
          select m.device_id, 1 as n,
            (select r.at from twin_revisions r where r.device_id = m.device_id and r.module_id = m.module_id and r.section = 'desired'
              and r.version = m.desired_version order by r.id desc limit 1) as oldest
          from modules m
          where m.device_id > ${after} and m.module_id = '$edgeAgent' and m.configurations <> '{}'::jsonb
            and exists (select 1 from jsonb_each(m.configurations) c where c.value ->> 'status' = 'Applied')
            and m.desired_version > ${LAST_DESIRED}
        )
        select d.device_id, d.connection_state,
          coalesce(desired.n, 0) as desired, coalesce(methods.n, 0) as methods, coalesce(deploys.n, 0) as deployments,
          least(desired.oldest, methods.oldest, deploys.oldest) as oldest
        from devices d
          left join desired on desired.device_id = d.device_id
          left join methods on methods.device_id = d.device_id
          left join deploys on deploys.device_id = d.device_id
        where d.device_id > ${after} and (desired.n is not null or methods.n is not null or deploys.n is not null)
        order by d.device_id
        limit ${page.limit + 1}`,
  );
  const items: FleetPendingRow[] = rows.slice(0, page.limit).map((r) => ({
    deviceId: r.device_id,
    connectionState: r.connection_state,
    desired: Number(r.desired),
    methods: Number(r.methods),
    deployments: Number(r.deployments),
    oldestQueuedAt: parseDbTime(r.oldest)?.toISOString() ?? null,
  }));
  return { items, nextCursor: rows.length > page.limit ? encodeCursor(items[items.length - 1].deviceId) : null };
}
