import { sql } from "drizzle-orm";
import { FAILING_DESIRED_STATUS_CODES, FAILING_RUNTIME_STATUSES } from "@/lib/domain/edge-health";
import { getStore, rowsOf } from "./store";

/**
 * GET /statistics/fleet: the dashboard's numbers in a handful of set-based statements (no loop over
 * devices), so the cost is a scan of `devices` and of the `$edgeAgent` rows whatever the fleet size.
 * Runtime and module facts come from the `$edgeAgent` reported properties (reference §8.1); the
 * failure history from the `$edgeAgent` reported patches kept in `twin_revisions`. Connected means
 * present (`devices.presence_state`): an edge device counts as connected while its `$edgeAgent` is.
 */
const AGENT = "$edgeAgent";
const HISTORY_HOURS = 12;
const LIST_LIMIT = 20;
/** Module names kept per runtime status: enough to link a count to the exact devices behind it. */
const NAMES_PER_STATUS = 20;

const failingStatuses = sql.raw(FAILING_RUNTIME_STATUSES.map((s) => `'${s}'`).join(", "));
const failingCodes = sql.raw(FAILING_DESIRED_STATUS_CODES.map((c) => `'${c}'`).join(", "));
/** The `modules` object of a reported document or patch, or an empty one (it may be absent or null). */
const modulesOf = (column: ReturnType<typeof sql.raw>) =>
  sql`case when jsonb_typeof(${column}->'modules') = 'object' then ${column}->'modules' else '{}'::jsonb end`;

type N = string | number;
const n = (v: N | null | undefined) => Number(v ?? 0);

/** `staleAfterSeconds`: STATUS_STALE_SECONDS; runtimes whose report is older, or whose agent is offline, count as stale. */
export async function getFleetStatistics(now: Date, staleAfterSeconds = 300) {
  const { db } = await getStore();
  const at = now.toISOString();
  const age = (bound: string) => sql`${at}::timestamptz - presence_updated_time < ${bound}::interval`;
  const [deviceRows, codeRows, statusRows, failingModuleRows, failingRuntimeRows, historyRows, rollingOut, staleRows] = await Promise.all([
    rowsOf<Record<string, N>>(
      db,
      sql`select count(*) as total,
            count(*) filter (where presence_state = 'Connected') as connected,
            count(*) filter (where status = 'disabled') as disabled,
            count(*) filter (where edge_enabled) as edge,
            count(*) filter (where presence_state = 'Connected' and ${age("5 minutes")}) as on_5m,
            count(*) filter (where presence_state = 'Connected' and ${age("1 hour")}) as on_1h,
            count(*) filter (where presence_state = 'Connected' and ${age("1 day")}) as on_1d,
            count(*) filter (where presence_state <> 'Connected' and presence_updated_time is null) as off_never,
            count(*) filter (where presence_state <> 'Connected' and ${age("5 minutes")}) as off_5m,
            count(*) filter (where presence_state <> 'Connected' and ${age("1 hour")}) as off_1h,
            count(*) filter (where presence_state <> 'Connected' and ${age("1 day")}) as off_1d
          from devices`,
    ),
    rowsOf<{ code: string | null; count: N }>(
      db,
      sql`select reported->'lastDesiredStatus'->>'code' as code, count(*) as count
          from modules where module_id = ${AGENT} group by 1 order by 2 desc`,
    ),
    rowsOf<{ status: string; name: string; count: N; total: N; names: N }>(
      db,
      sql`with per as (
            select coalesce(m.value->>'runtimeStatus', 'unknown') as status, m.key as name, count(*) as count
            from modules a cross join lateral jsonb_each(${modulesOf(sql.raw("a.reported"))}) m
            where a.module_id = ${AGENT} and jsonb_typeof(m.value) = 'object'
            group by 1, 2),
          ranked as (
            select status, name, count, sum(count) over (partition by status) as total,
              count(*) over (partition by status) as names,
              row_number() over (partition by status order by count desc, name) as rank
            from per)
          select status, name, count, total, names from ranked where rank <= ${NAMES_PER_STATUS}
          order by total desc, status, count desc, name`,
    ),
    rowsOf<{ device_id: string; name: string; status: string; description: string | null; exit_code: N | null; last_exit: string | null; since: string | null; connection_state: string }>(
      db,
      // Pick the newest failing modules first, then look up the connection of just those devices.
      sql`select f.*, d.presence_state as connection_state from (
            select a.device_id, m.key as name, m.value->>'runtimeStatus' as status, m.value->>'statusDescription' as description,
              case when jsonb_typeof(m.value->'exitCode') = 'number' then (m.value->>'exitCode')::numeric end as exit_code,
              m.value->>'lastExitTimeUtc' as last_exit,
              a.reported_metadata->'modules'->m.key->'runtimeStatus'->>'$lastUpdated' as since
            from modules a cross join lateral jsonb_each(${modulesOf(sql.raw("a.reported"))}) m
            where a.module_id = ${AGENT} and jsonb_typeof(m.value) = 'object' and m.value->>'runtimeStatus' in (${failingStatuses})
            order by since desc nulls last, a.device_id, m.key limit ${LIST_LIMIT}) f
          join devices d on d.device_id = f.device_id
          order by f.since desc nulls last, f.device_id, f.name`,
    ),
    rowsOf<{ device_id: string; code: string; description: string | null; since: string | null; connection_state: string }>(
      db,
      sql`select f.*, d.presence_state as connection_state from (
            select a.device_id, a.reported->'lastDesiredStatus'->>'code' as code,
              a.reported->'lastDesiredStatus'->>'description' as description,
              coalesce(a.reported_metadata->'lastDesiredStatus'->'code'->>'$lastUpdated', a.reported_metadata->'lastDesiredStatus'->>'$lastUpdated') as since
            from modules a
            where a.module_id = ${AGENT} and a.reported->'lastDesiredStatus'->>'code' in (${failingCodes})
            order by since desc nulls last, a.device_id limit ${LIST_LIMIT}) f
          join devices d on d.device_id = f.device_id
          order by f.since desc nulls last, f.device_id`,
    ),
    rowsOf<{ hours_ago: N; count: N }>(
      db,
      sql`select floor(extract(epoch from (${at}::timestamptz - r.at)) / 3600) as hours_ago, count(*) as count
          from twin_revisions r cross join lateral jsonb_each(${modulesOf(sql.raw("r.patch"))}) m
          where r.module_id = ${AGENT} and r.section = 'reported'
            and r.at > ${at}::timestamptz - ${`${HISTORY_HOURS} hours`}::interval and r.at <= ${at}::timestamptz
            and jsonb_typeof(m.value) = 'object' and m.value->>'runtimeStatus' in (${failingStatuses})
          group by 1`,
    ),
    // Rolling out: applied somewhere, and not every applied device reports success yet (§5.4 metrics,
    // kept by the reconciler).
    rowsOf<{ id: string; priority: number; metrics: Record<string, N> }>(
      db,
      sql`select id, priority, system_metric_results as metrics from deployments
          where coalesce((system_metric_results->>'appliedCount')::int, 0) > coalesce((system_metric_results->>'reportedSuccessfulCount')::int, 0)
          order by last_updated_time desc limit ${LIST_LIMIT}`,
    ),
    // Reports that can no longer be trusted as "now": the agent is offline (its last report is
    // frozen) or it has not reported for longer than the stale threshold.
    rowsOf<{ offline: N; old: N }>(
      db,
      sql`select count(*) filter (where connection_state <> 'Connected') as offline,
            count(*) filter (where connection_state = 'Connected'
              and (reported_metadata ->> '$lastUpdated')::timestamptz < ${at}::timestamptz - ${`${staleAfterSeconds} seconds`}::interval) as old
          from modules where module_id = ${AGENT} and reported <> '{}'::jsonb`,
    ),
  ]);

  const d = deviceRows[0] ?? {};
  const total = n(d.total);
  const connected = n(d.connected);
  const offNever = n(d.off_never);
  const bucketsOf = (count: number, under5m: number, under1h: number, under1d: number, never: number) => [
    { bucket: "under5m", count: under5m },
    { bucket: "under1h", count: under1h - under5m },
    { bucket: "under1d", count: under1d - under1h },
    { bucket: "longer", count: count - under1d - never },
    { bucket: "never", count: never },
  ];

  const byStatus = new Map<string, { status: string; count: number; moduleNameCount: number; names: { name: string; count: number }[] }>();
  for (const row of statusRows) {
    const entry = byStatus.get(row.status) ?? { status: row.status, count: n(row.total), moduleNameCount: n(row.names), names: [] };
    entry.names.push({ name: row.name, count: n(row.count) });
    byStatus.set(row.status, entry);
  }
  const moduleStatuses = [...byStatus.values()];
  const runtimeCodes = codeRows.map((row) => {
    const code = row.code === null ? null : Number(row.code);
    return { code: code === null || !Number.isInteger(code) ? null : code, count: n(row.count) };
  });
  const hourly = Array.from({ length: HISTORY_HOURS }, (_, i) => ({
    hoursAgo: HISTORY_HOURS - 1 - i,
    count: n(historyRows.find((r) => n(r.hours_ago) === HISTORY_HOURS - 1 - i)?.count),
  }));

  return {
    generatedAt: at,
    devices: {
      total,
      connected,
      disconnected: total - connected,
      disabled: n(d.disabled),
      edge: n(d.edge),
      /** How long the connected devices have been connected. */
      onlineFor: bucketsOf(connected, n(d.on_5m), n(d.on_1h), n(d.on_1d), 0).filter((b) => b.bucket !== "never"),
      /** How long the others have been disconnected ("never" = never connected). */
      offlineFor: bucketsOf(total - connected, n(d.off_5m), n(d.off_1h), n(d.off_1d), offNever),
    },
    runtimes: {
      total: runtimeCodes.reduce((sum, r) => sum + r.count, 0),
      /** Runtimes whose module statuses are stale: agent offline, or reported longer ago than the threshold. */
      stale: { offline: n(staleRows[0]?.offline), old: n(staleRows[0]?.old), staleAfterSeconds },
      byLastDesiredStatus: runtimeCodes,
      failing: {
        total: runtimeCodes.filter((r) => (FAILING_DESIRED_STATUS_CODES as readonly (number | null)[]).includes(r.code)).reduce((s, r) => s + r.count, 0),
        items: failingRuntimeRows.map((r) => ({
          deviceId: r.device_id,
          code: Number(r.code),
          description: r.description ?? "",
          since: r.since,
          deviceConnected: r.connection_state === "Connected",
        })),
      },
    },
    modules: {
      total: moduleStatuses.reduce((sum, s) => sum + s.count, 0),
      byRuntimeStatus: moduleStatuses,
      failing: {
        total: moduleStatuses.filter((s) => (FAILING_RUNTIME_STATUSES as readonly string[]).includes(s.status)).reduce((sum, s) => sum + s.count, 0),
        items: failingModuleRows.map((r) => ({
          deviceId: r.device_id,
          moduleName: r.name,
          runtimeStatus: r.status,
          statusDescription: r.description ?? "",
          exitCode: r.exit_code === null ? null : Number(r.exit_code),
          lastExitTimeUtc: r.last_exit,
          since: r.since,
          deviceConnected: r.connection_state === "Connected",
        })),
      },
    },
    failuresByHour: { hours: HISTORY_HOURS, buckets: hourly, source: "twin_revisions" as const },
    deployments: {
      available: true as const,
      inProgress: rollingOut.map((r) => ({
        id: r.id,
        priority: r.priority,
        targeted: n(r.metrics.targetedCount),
        applied: n(r.metrics.appliedCount),
        succeeded: n(r.metrics.reportedSuccessfulCount),
        failed: n(r.metrics.reportedFailedCount),
      })),
    },
  };
}

export type FleetStatistics = Awaited<ReturnType<typeof getFleetStatistics>>;
