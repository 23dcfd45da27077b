import { compileFleetFilter, type FleetFilter } from "@/lib/domain/fleet/filter";
import { SqlParams } from "@/lib/domain/query/values";
import { getStore } from "./store";

export type FleetFacet = { key: string; devices: number; values: { value: string | number | boolean; count: number }[] };
/** `facetSample`: when more devices match than FACET_SAMPLE, facets count that many of them (null: all). */
export type FleetSummary = { total: number; facets: FleetFacet[]; facetSample: number | null };

const FACET_KEYS = 4;
const FACET_VALUES = 6;
/**
 * Facets over the whole fleet cost a pass over every tag of every device (~2 s at 100,000 on a busy
 * 2-core machine, measured with bench/fleet-page.ts); the first 10,000 matching devices show the
 * common values just as well, and the dialog says it is a sample. The count is always exact.
 */
export const FACET_SAMPLE = 10_000;

/**
 * How many devices match (for "select all N") and facets on common tags: the top-level tag keys most
 * matching devices carry, each with its most frequent primitive values (objects and arrays are not
 * faceted).
 */
export async function summarizeFleet(filter: FleetFilter): Promise<FleetSummary> {
  const params = new SqlParams();
  const where = compileFleetFilter(filter, params);
  const store = await getStore();
  const count = params.finalize(`SELECT count(*) AS n FROM devices t WHERE ${where}`);
  const facetsText = params.finalize(`WITH pairs AS (
      SELECT e.key, e.value FROM (SELECT t.tags FROM devices t WHERE ${where} LIMIT ${FACET_SAMPLE}) t, jsonb_each(t.tags) e
      WHERE jsonb_typeof(e.value) IN ('string', 'number', 'boolean')),
    keys AS (SELECT key, count(*) AS devices FROM pairs GROUP BY key ORDER BY count(*) DESC, key LIMIT ${FACET_KEYS}),
    counted AS (SELECT p.key, p.value, count(*) AS n,
        row_number() OVER (PARTITION BY p.key ORDER BY count(*) DESC, p.value::text) AS rank
      FROM pairs p JOIN keys k ON k.key = p.key GROUP BY p.key, p.value)
    SELECT c.key, k.devices, c.value::text AS value, c.n FROM counted c JOIN keys k ON k.key = c.key
    WHERE c.rank <= ${FACET_VALUES} ORDER BY k.devices DESC, c.key, c.n DESC, c.rank`);
  const [totalRows, facetRows] = await Promise.all([
    store.query<{ n: string | number }>(count.text, count.params),
    store.query<{ key: string; devices: string | number; value: string; n: string | number }>(facetsText.text, facetsText.params),
  ]);
  const facets = new Map<string, FleetFacet>();
  for (const row of facetRows) {
    let facet = facets.get(row.key);
    if (!facet) facets.set(row.key, (facet = { key: row.key, devices: Number(row.devices), values: [] }));
    facet.values.push({ value: JSON.parse(row.value) as string | number | boolean, count: Number(row.n) });
  }
  const total = Number(totalRows[0]?.n ?? 0);
  return { total, facets: [...facets.values()], facetSample: total > FACET_SAMPLE ? FACET_SAMPLE : null };
}
