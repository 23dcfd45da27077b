import { connectSql } from "./sql-client";
import type { BenchContext, BenchResult } from "./context";
import { ratioOf } from "./context";
import { withCpu } from "./cpu";
import { keepAliveClient } from "./http-client";
import { runLoad, type Step } from "./load";
import { edgeDeckPatchSteps, sqlCasSteps } from "./patch-load";
import { deviceSets } from "./stats";

const IOT_HUB = "IoT Hub: S3 250/s per unit";
/** Devices each worker cycles through. */
const PER_WORKER = 50;

/**
 * Conditional twin PATCH through the REST API (If-Match with the current etag; EdgeDeck locks the
 * row, writes the twin, a revision row and a change-feed row, and NOTIFYs) against a bare
 * compare-and-set UPDATE of the same column from postgres.js, at the same concurrency.
 */
export async function benchTwinPatch(ctx: BenchContext): Promise<BenchResult> {
  const { args } = ctx;
  const workers = args.concurrency;
  const client = keepAliveClient(ctx.server.url, workers);
  // One connection per worker, as a service with its own pool would use.
  const sql = connectSql(ctx.databaseUrl, { max: workers, prepare: true });
  const edgeSets = deviceSets(args.devices, workers, PER_WORKER, 0);
  const sqlSets = deviceSets(args.devices, workers, PER_WORKER, Math.floor(args.devices / 4));
  try {
    const edgeSteps = () => edgeDeckPatchSteps({ client, sql: ctx.sql, token: ctx.token, prefix: args.prefix, sets: edgeSets });
    const casSteps = () => sqlCasSteps({ sql, prefix: args.prefix, sets: sqlSets });
    const run = async (steps: Step[], seconds: number) => runLoad({ steps, seconds });

    if (args.warmup > 0) {
      ctx.log(`twin PATCH: warm-up ${args.warmup} s each`);
      await run(await edgeSteps(), args.warmup);
      await run(await casSteps(), args.warmup);
    }
    // The PATCHes' own rows: other writers (the reconciler's passes after tag changes) add feed rows of other kinds.
    const counts = () =>
      ctx.sql`select (select count(*) from changes where kind = 'twin.tags')::int as changes, (select count(*) from twin_revisions)::int as revisions`;
    const [before] = await counts();
    ctx.log(`twin PATCH: EdgeDeck ${args.duration} s, ${workers} workers`);
    const steps = await edgeSteps();
    const edgedeck = await withCpu(ctx.cpuParties, ctx.cores, () => run(steps, args.duration), {
      label: "twin PATCH, EdgeDeck",
      edgedeck: true,
    });
    const [after] = await counts();
    ctx.log(`twin PATCH: SQL compare-and-set ${args.duration} s, ${workers} connections`);
    const cas = await casSteps();
    const baseline = await withCpu(ctx.cpuParties, ctx.cores, () => run(cas, args.duration), {
      label: "twin PATCH, SQL compare-and-set",
      edgedeck: false,
    });

    // The baseline must have merged into an object, like the API does (a mis-typed jsonb parameter would not).
    const [{ broken }] = await ctx.sql`select count(*)::int as broken from devices where jsonb_typeof(tags) <> 'object' or not tags ? 'site'`;
    const written = { changes: after.changes - before.changes, revisions: after.revisions - before.revisions };
    const e = edgedeck.result;
    const b = baseline.result;
    const valid = e.failed === 0 && b.failed === 0 && broken === 0 && written.changes === e.ok && written.revisions === e.ok;
    const ratio = ratioOf(e.perSecond, b.perSecond);
    return {
      name: "twin-patch",
      rows: [
        {
          benchmark: "Twin PATCH (If-Match)",
          metric: "throughput",
          unit: "writes/s",
          edgedeck: e.perSecond,
          baseline: b.perSecond,
          ratio,
          target: ">= 1000/s, ratio >= 0.5",
          met: valid && e.perSecond >= 1000 && (ratio ?? 0) >= 0.5,
          note: `${IOT_HUB}; baseline: raw CAS UPDATE${valid ? "" : "; INVALID: failed writes or missing revision/change rows"}`,
        },
        {
          benchmark: "Twin PATCH (If-Match)",
          metric: "latency p50 / p99",
          unit: "ms",
          edgedeck: e.latency.p50,
          baseline: b.latency.p50,
          ratio: ratioOf(e.latency.p50, b.latency.p50),
          target: "-",
          met: null,
          note: `p99 ${e.latency.p99} vs ${b.latency.p99} ms at ${workers} workers`,
        },
      ],
      details: { workers, devicesPerWorker: edgeSets[0].length, edgedeck, baseline, rowsWritten: written, brokenTags: broken },
    };
  } finally {
    client.close();
    await sql.end({ timeout: 5 });
  }
}
