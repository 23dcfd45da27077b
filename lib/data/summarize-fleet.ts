import { compileFleetFilter, type FleetFilter } from "@/lib/domain/fleet/filter";
import { SqlParams } from "@/lib/domain/query/values";
import { getStore } from "./store";

export type FleetFacet = { key: string; devices: number; values: { value: string | number | boolean; count: number }[] };
export type FleetSummary = { total: number; facets: FleetFacet[] };

const FACET_KEYS = 4;
const FACET_VALUES = 6;

/**
 * How many devices match (for "select all N") and facets on common tags: the top-level tag keys most
 * matching devices carry, each with its most frequent primitive values. One pass over the matching
 * rows; objects and arrays are not faceted.
 */
export async function summarizeFleet(filter: FleetFilter): Promise<FleetSummary> {
  const params = new SqlParams();
  const where = compileFleetFilter(filter, params);
  const store = await getStore();
  const count = params.finalize(`SELECT count(*) AS n FROM devices t WHERE ${where}`);
  const facetsText = params.finalize(`WITH pairs AS (
      SELECT e.key, e.value FROM devices t, jsonb_each(t.tags) e
      WHERE ${where} AND jsonb_typeof(e.value) IN ('string', 'number', 'boolean')),
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
  return { total: Number(totalRows[0]?.n ?? 0), facets: [...facets.values()] };
}
