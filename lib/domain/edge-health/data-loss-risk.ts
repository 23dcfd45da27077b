/**
 * Ranking of edge devices by risk of losing stored messages (reference §11; `$edgeHub` reported
 * `storeAndForward`, docs/simulator.md). Messages are lost two ways: refused when the store is full,
 * and dropped when their TTL runs out. So: first the devices already losing messages (refusing or
 * dropping), then the least time until the oldest stored message expires, then the fullest store.
 *
 * lib/data/list-data-loss-risk.ts orders in SQL with the same keys (it must page at fleet scale);
 * `compareDataLossRisk` is the reference the integration test checks that order against.
 */
export type DataLossFacts = {
  deviceId: string;
  queueLength: number;
  droppedByTtl: number;
  refusedForSpace: number;
  /** Seconds until the first stored message expires, as of now (≤ 0: due); null: nothing can expire. */
  secondsUntilFirstExpiry: number | null;
  /** Storage used against the cap, 0–100; null when the store has no cap. */
  usedPercent: number | null;
};

/** 0: already losing messages; 1: at risk (something stored). */
export function riskTier(facts: Pick<DataLossFacts, "droppedByTtl" | "refusedForSpace">): 0 | 1 {
  return facts.refusedForSpace > 0 || facts.droppedByTtl > 0 ? 0 : 1;
}

/** Sort order, most at risk first; ties broken by device id so pages are stable. */
export function compareDataLossRisk(a: DataLossFacts, b: DataLossFacts): number {
  const tier = riskTier(a) - riskTier(b);
  if (tier !== 0) return tier;
  // Nothing expiring (TTL off) sorts after any expiry.
  const ea = a.secondsUntilFirstExpiry ?? Number.POSITIVE_INFINITY;
  const eb = b.secondsUntilFirstExpiry ?? Number.POSITIVE_INFINITY;
  if (ea !== eb) return ea < eb ? -1 : 1;
  // Uncapped stores sort after any capped one.
  const ua = a.usedPercent ?? -1;
  const ub = b.usedPercent ?? -1;
  if (ua !== ub) return ub - ua;
  return a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0;
}

/** Storage used as a whole percentage of the cap (null without a cap; a zero cap is full). */
export function usedPercentOf(storageBytes: number, maxSizeBytes: number | null): number | null {
  if (maxSizeBytes === null) return null;
  if (maxSizeBytes <= 0) return 100;
  return Math.min(100, Math.round((storageBytes / maxSizeBytes) * 100));
}

/** The reported seconds-until-expiry aged from the report time to now (the hub reports only on change). */
export function secondsUntilExpiryNow(reportedSeconds: number | null, reportedAt: Date | null, now: Date): number | null {
  if (reportedSeconds === null) return null;
  const elapsed = reportedAt ? Math.max(0, (now.getTime() - reportedAt.getTime()) / 1000) : 0;
  return Math.round(reportedSeconds - elapsed);
}

/** One row of GET /fleet/data-loss-risk (lib/data/list-data-loss-risk.ts). */
export type DataLossRiskItem = {
  deviceId: string;
  /** Presence: the `$edgeAgent` connection (Connected/Disconnected) and since when. */
  connectionState: string;
  connectionStateUpdatedTime: string | null;
  queueLength: number;
  /** Age of the oldest stored message now (the reported age aged to now); null when not reported. */
  oldestAgeSecs: number | null;
  /** Global TTL in force (negative: never expires); null when not reported. */
  timeToLiveSecs: number | null;
  /** Seconds until the first stored message expires, as of now (≤ 0: due); null: nothing can expire. */
  secondsUntilFirstExpiry: number | null;
  droppedByTtl: number;
  refusedForSpace: number;
  storageBytes: number;
  maxSizeBytes: number | null;
  usedPercent: number | null;
  /** 0: already refusing or dropping; 1: messages stored, none lost yet (lib/domain/edge-health/data-loss-risk.ts). */
  riskTier: 0 | 1;
  /** When `$edgeHub` last reported `storeAndForward` (its `$metadata` `$lastUpdated`): the status age. */
  reportedAt: string | null;
};

export type DataLossRiskPage = { items: DataLossRiskItem[]; total: number; limit: number; offset: number; nextOffset: number | null };
