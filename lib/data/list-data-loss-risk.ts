import { sql } from "drizzle-orm";
import type { DataLossRiskItem, DataLossRiskPage } from "@/lib/domain/edge-health";
import { getStore, rowsOf } from "./store";

/** A numeric field of the reported `storeAndForward`, or null (device-written: may be anything). */
const num = (key: string) => sql.raw(`(case when jsonb_typeof(saf -> '${key}') = 'number' then (saf ->> '${key}')::numeric end)`);
const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * GET /fleet/data-loss-risk: edge devices whose `$edgeHub` reports stored messages, most at risk of
 * losing data first, in SQL so that it pages at fleet scale. The order is the one of
 * `compareDataLossRisk` (lib/domain/edge-health/data-loss-risk.ts): refusing or dropping first, then
 * the least time until the first expiry (the reported figure aged from the report time to `now`,
 * since `$edgeHub` reports only when its store changes and not at all while offline), then the
 * fullest store, then device id. The set is the devices with something stored, so OFFSET paging
 * stays cheap.
 */
export async function listDataLossRisk(options: { limit: number; offset: number; now: Date }): Promise<DataLossRiskPage> {
  const at = options.now.toISOString();
  const { db } = await getStore();
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`with h as (
          select h.device_id, h.reported -> 'storeAndForward' as saf,
            (h.reported_metadata -> 'storeAndForward' ->> '$lastUpdated')::timestamptz as reported_at,
            d.presence_state, d.presence_updated_time
          from modules h join devices d on d.device_id = h.device_id
          where h.module_id = '$edgeHub' and d.edge_enabled
            and jsonb_typeof(h.reported -> 'storeAndForward' -> 'queueLength') = 'number'
            and (h.reported -> 'storeAndForward' ->> 'queueLength')::numeric > 0),
        f as (
          select device_id, presence_state, presence_updated_time, reported_at,
            ${num("queueLength")} as queue_length, coalesce(${num("droppedByTtl")}, 0) as dropped,
            coalesce(${num("refusedForSpace")}, 0) as refused, coalesce(${num("storageBytes")}, 0) as used,
            ${num("maxSizeBytes")} as max_bytes, ${num("timeToLiveSecs")} as ttl, ${num("oldestAgeSecs")} as oldest,
            ${num("timeUntilFirstExpirySecs")} as until_expiry,
            greatest(0, coalesce(extract(epoch from (${at}::timestamptz - reported_at)), 0)) as elapsed
          from h),
        r as (
          select *, case when refused > 0 or dropped > 0 then 0 else 1 end as tier,
            round(until_expiry - elapsed) as left_secs,
            case when max_bytes is null then null when max_bytes <= 0 then 100 else least(100, round(used / max_bytes * 100)) end as used_pct
          from f)
        select device_id, presence_state, ${iso("presence_updated_time")} as presence_since, ${iso("reported_at")} as reported_at,
          queue_length, dropped, refused, used, max_bytes, ttl, round(oldest + elapsed) as oldest_now, left_secs, used_pct, tier,
          count(*) over () as total
        from r
        order by tier, left_secs asc nulls last, used_pct desc nulls last, device_id collate "C"
        limit ${options.limit} offset ${options.offset}`,
  );
  const n = (v: unknown) => Number(v ?? 0);
  const nOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const items: DataLossRiskItem[] = rows.map((r) => ({
    deviceId: String(r.device_id),
    connectionState: String(r.presence_state),
    connectionStateUpdatedTime: r.presence_since === null ? null : String(r.presence_since),
    queueLength: n(r.queue_length),
    oldestAgeSecs: nOrNull(r.oldest_now),
    timeToLiveSecs: nOrNull(r.ttl),
    secondsUntilFirstExpiry: nOrNull(r.left_secs),
    droppedByTtl: n(r.dropped),
    refusedForSpace: n(r.refused),
    storageBytes: n(r.used),
    maxSizeBytes: nOrNull(r.max_bytes),
    usedPercent: nOrNull(r.used_pct),
    riskTier: n(r.tier) === 0 ? 0 : 1,
    reportedAt: r.reported_at === null ? null : String(r.reported_at),
  }));
  // count(*) over () rides on every row; an offset past the end returns no row, so no total either.
  const total = rows.length > 0 ? n(rows[0]!.total) : options.offset === 0 ? 0 : await countAtRisk();
  const nextOffset = options.offset + items.length < total ? options.offset + items.length : null;
  return { items, total, limit: options.limit, offset: options.offset, nextOffset };
}

async function countAtRisk(): Promise<number> {
  const { db } = await getStore();
  const [row] = await rowsOf<{ n: unknown }>(
    db,
    sql`select count(*) as n from modules h join devices d on d.device_id = h.device_id
        where h.module_id = '$edgeHub' and d.edge_enabled
          and jsonb_typeof(h.reported -> 'storeAndForward' -> 'queueLength') = 'number'
          and (h.reported -> 'storeAndForward' ->> 'queueLength')::numeric > 0`,
  );
  return Number(row?.n ?? 0);
}
