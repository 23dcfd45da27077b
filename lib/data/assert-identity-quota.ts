import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { rowsOf, type Executor } from "./store";

/** Devices + modules per hub (reference §1.1, §12). */
export const MAX_IDENTITIES = 1_000_000;

/**
 * Planner estimates are free; the exact count (a scan) is taken only when the estimate says the hub
 * is within 1% of the limit.
 */
export async function assertIdentityQuota(tx: Executor, adding: number): Promise<void> {
  const [estimate] = await rowsOf<{ n: number | string }>(
    tx,
    sql`select coalesce(sum(greatest(reltuples, 0)), 0)::bigint as n from pg_class where relname in ('devices', 'modules')`,
  );
  if (Number(estimate.n) + adding < MAX_IDENTITIES * 0.99) return;
  const [exact] = await rowsOf<{ n: number | string }>(
    tx,
    sql`select (select count(*) from devices) + (select count(*) from modules) as n`,
  );
  if (Number(exact.n) + adding > MAX_IDENTITIES) {
    throw new AppError("IotHubQuotaExceeded", `The hub holds ${exact.n} identities; the limit is ${MAX_IDENTITIES}`);
  }
}
