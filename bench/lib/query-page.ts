import { compileQuery } from "@/lib/domain/query";
import type { BenchContext, BenchResult, FigureRow } from "./context";
import { ratioOf } from "./context";
import { withCpu } from "./cpu";
import { keepAliveClient, type KeepAliveClient } from "./http-client";
import { runLoad, type Step } from "./load";

const HAND_WRITTEN = `select * from devices where tags @> $1 and jsonb_typeof(reported->'x')='number'
  and (reported->>'x')::numeric > 5 order by device_id limit 101`;
const PAGE = 100;

/** bulk-seed gives device i site `site-(i % 50)` and reported.x = i % 10, so x = site number % 10. */
const sites = (matching: boolean) =>
  Array.from({ length: 50 }, (_, s) => s).filter((s) => (s % 10 > 5) === matching).map((s) => `site-${s}`);
const iotQuery = (site: string) => `SELECT * FROM devices WHERE tags.site = '${site}' AND properties.reported.x > 5`;

/**
 * One page (x-ms-max-item-count: 100) of an IoT Hub query through POST /api/devices/query, one
 * request at a time, against the hand-written SQL on the same indexes run directly on postgres.js.
 * Sites rotate per request. "page" sites match 2% of the fleet (at full size a full page and a continuation);
 * "empty" sites match nothing, which makes PostgreSQL read every row of the site to prove it.
 */
export async function benchQueryPage(ctx: BenchContext): Promise<BenchResult> {
  const { args } = ctx;
  const client = keepAliveClient(ctx.server.url, 1);
  try {
    const parity = await checkParity(ctx, client, sites(true)[0]);
    ctx.log(`query page: same device ids as the hand-written SQL: ${parity.identical} (${parity.items} items)`);
    const plans = await explain(ctx, sites(true)[0]);

    const rows: FigureRow[] = [];
    const perSite = Math.floor(args.devices / 50);
    const details: Record<string, unknown> = { parity, plans };
    for (const variant of ["page", "empty"] as const) {
      const list = sites(variant === "page");
      let i = 0;
      let j = 0;
      const viaApi: Step = async () => {
        const site = list[i++ % list.length];
        const response = await client.request(
          "POST",
          "/api/devices/query",
          { authorization: ctx.token, "content-type": "application/json", "x-ms-max-item-count": String(PAGE) },
          JSON.stringify({ query: iotQuery(site) }),
        );
        return response.status === 200
          ? { ok: true, label: "200" }
          : { ok: false, label: String(response.status), detail: response.body.slice(0, 300) };
      };
      const viaSql: Step = async () => {
        const site = list[j++ % list.length];
        await ctx.sql.unsafe(HAND_WRITTEN, [{ site } as never], { prepare: true });
        return { ok: true, label: "rows" };
      };
      if (args.warmup > 0) {
        ctx.log(`query page (${variant}): warm-up ${args.warmup} s each`);
        await runLoad({ steps: [viaApi], seconds: args.warmup });
        await runLoad({ steps: [viaSql], seconds: args.warmup });
      }
      ctx.log(`query page (${variant}): EdgeDeck ${args.duration} s, sequential`);
      const edgedeck = await withCpu(ctx.cpuParties, ctx.cores, () => runLoad({ steps: [viaApi], seconds: args.duration }), {
        label: `query ${variant}, EdgeDeck`,
        edgedeck: true,
      });
      ctx.log(`query page (${variant}): hand-written SQL ${args.duration} s, sequential`);
      const baseline = await withCpu(ctx.cpuParties, ctx.cores, () => runLoad({ steps: [viaSql], seconds: args.duration }), {
        label: `query ${variant}, hand-written SQL`,
        edgedeck: false,
      });
      const e = edgedeck.result.latency;
      const b = baseline.result.latency;
      const valid = edgedeck.result.failed === 0 && parity.identical;
      const ratio = ratioOf(e.p95, b.p95);
      rows.push({
        benchmark: variant === "page" ? `Query page (100 of ${perSite.toLocaleString("en-US")} matches)` : "Query, no match (informational)",
        metric: "latency p95",
        unit: "ms",
        edgedeck: e.p95,
        baseline: b.p95,
        ratio,
        target: variant === "page" ? "p95 < 50 ms, ratio <= 1.5" : "-",
        met: variant === "page" ? valid && e.p95 < 50 && (ratio ?? Infinity) <= 1.5 : null,
        note: `p50 ${e.p50} vs ${b.p50} ms, p99 ${e.p99} vs ${b.p99} ms; ${edgedeck.result.ok} vs ${baseline.result.ok} requests${valid ? "" : "; INVALID: errors or result mismatch"}`,
      });
      details[variant] = { sites: list, edgedeck, baseline };
    }
    return { name: "query-page", rows, details };
  } finally {
    client.close();
  }
}

/** The API's page must hold the same devices, in the same order, as the hand-written SQL. */
async function checkParity(ctx: BenchContext, client: KeepAliveClient, site: string) {
  const response = await client.request(
    "POST",
    "/api/devices/query",
    { authorization: ctx.token, "content-type": "application/json", "x-ms-max-item-count": String(PAGE) },
    JSON.stringify({ query: iotQuery(site) }),
  );
  if (response.status !== 200) throw new Error(`POST /api/devices/query answered ${response.status}: ${response.body.slice(0, 300)}`);
  const items = (JSON.parse(response.body) as { deviceId: string }[]).map((t) => t.deviceId);
  const rows = await ctx.sql.unsafe<{ device_id: string }[]>(HAND_WRITTEN, [{ site } as never]);
  const expected = rows.slice(0, PAGE).map((r) => r.device_id);
  return { site, items: items.length, identical: JSON.stringify(items) === JSON.stringify(expected), sqlRows: rows.length };
}

/** EXPLAIN ANALYZE of the SQL the query compiler produces and of the hand-written query, for the record. */
async function explain(ctx: BenchContext, site: string) {
  const compiled = compileQuery(iotQuery(site), { pageSize: PAGE });
  const plan = async (text: string, params: unknown[]) =>
    (await ctx.sql.unsafe<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers) ${text}`, params as never[])).map((r) => r["QUERY PLAN"]);
  return {
    compiled: { sql: compiled.text, params: compiled.params, plan: await plan(compiled.text, compiled.params) },
    handWritten: { sql: HAND_WRITTEN, plan: await plan(HAND_WRITTEN, [{ site } as never]) },
  };
}
