import { connectSql } from "./sql-client";
import type { BenchContext, BenchResult } from "./context";
import { ratioOf } from "./context";
import { withCpu } from "./cpu";
import { runLoad } from "./load";
import { sqlCasSteps } from "./patch-load";
import { deviceId, deviceSets, round } from "./stats";
import { wrkPatchLoad } from "./wrk-patch";

const IOT_HUB = "IoT Hub: S3 250/s per unit";
/** Devices each worker cycles through. */
const PER_WORKER = 50;

/**
 * Conditional twin PATCH through the REST API (If-Match with the current etag; EdgeDeck writes the
 * twin, a revision row, an audit entry and a change-feed row, and NOTIFYs) against a bare
 * compare-and-set UPDATE of the same column from postgres.js, at the same concurrency.
 *
 * The PATCHes come from wrk (twin-patch.lua), as the twin GETs do: a Node client in the bench
 * process took about 0.3 ms of CPU per request on this machine, CPU the server then lacked.
 */
export async function benchTwinPatch(ctx: BenchContext): Promise<BenchResult> {
  const { args } = ctx;
  const workers = args.concurrency;
  // One connection per worker, as a service with its own pool would use.
  const sql = connectSql(ctx.databaseUrl, { max: workers, prepare: true });
  const edgeSets = deviceSets(args.devices, workers, PER_WORKER, 0);
  const sqlSets = deviceSets(args.devices, workers, PER_WORKER, Math.floor(args.devices / 4));
  const load = wrkPatchLoad(ctx, edgeSets.flat().map((n) => deviceId(args.prefix, n)), workers);
  const threads = load.threads;
  try {
    const edgeDeck = (seconds: number) => load.run({ seconds });
    const casSteps = () => sqlCasSteps({ sql, prefix: args.prefix, sets: sqlSets });

    if (args.warmup > 0) {
      ctx.log(`twin PATCH: warm-up ${args.warmup} s each`);
      await edgeDeck(args.warmup);
      await runLoad({ steps: await casSteps(), seconds: args.warmup });
    }
    // The PATCHes' own rows: other writers (the reconciler's passes after tag changes) add feed rows of other kinds.
    const counts = () =>
      ctx.sql`select (select count(*) from changes where kind = 'twin.tags')::int as changes, (select count(*) from twin_revisions)::int as revisions`;
    const [before] = await counts();
    ctx.log(`twin PATCH: EdgeDeck ${args.duration} s, ${workers} wrk connections`);
    const edgedeck = await withCpu(ctx.cpuParties, ctx.cores, () => edgeDeck(args.duration), {
      label: "twin PATCH, EdgeDeck",
      edgedeck: true,
    });
    const [after] = await counts();
    ctx.log(`twin PATCH: SQL compare-and-set ${args.duration} s, ${workers} connections`);
    const cas = await casSteps();
    const baseline = await withCpu(ctx.cpuParties, ctx.cores, () => runLoad({ steps: cas, seconds: args.duration }), {
      label: "twin PATCH, SQL compare-and-set",
      edgedeck: false,
    });

    // The baseline must have merged into an object, like the API does (a mis-typed jsonb parameter would not).
    const [{ broken }] = await ctx.sql`select count(*)::int as broken from devices where jsonb_typeof(tags) <> 'object' or not tags ? 'site'`;
    const written = { changes: after.changes - before.changes, revisions: after.revisions - before.revisions };
    const e = edgedeck.result;
    const errors = e.errorCount;
    const ok = e.requests - errors;
    const b = baseline.result;
    // wrk stops counting at the deadline; the writes still in flight then (at most one per
    // connection) complete on the server all the same.
    const rowsMatch = written.revisions === written.changes && written.changes >= ok && written.changes <= ok + workers;
    const valid = errors === 0 && b.failed === 0 && broken === 0 && rowsMatch;
    const ratio = ratioOf(Math.round(e.requestsPerSecond), b.perSecond);
    const ms = (us: number) => round(us / 1000);
    return {
      name: "twin-patch",
      rows: [
        {
          benchmark: "Twin PATCH (If-Match)",
          metric: "throughput",
          unit: "writes/s",
          edgedeck: Math.round(e.requestsPerSecond),
          baseline: b.perSecond,
          ratio,
          target: ">= 1000/s (ratio goal >= 0.5)",
          met: valid && e.requestsPerSecond >= 1000,
          note: `${IOT_HUB}; baseline: raw CAS UPDATE; ratio goal 0.5 ${(ratio ?? 0) >= 0.5 ? "met" : "not met"}${valid ? "" : `; INVALID: ${errors} failed writes, ${written.changes} change / ${written.revisions} revision rows for ${ok} writes`}`,
        },
        {
          benchmark: "Twin PATCH (If-Match)",
          metric: "latency p50 / p99",
          unit: "ms",
          edgedeck: ms(e.latencyUs.p50),
          baseline: b.latency.p50,
          ratio: ratioOf(ms(e.latencyUs.p50), b.latency.p50),
          target: "-",
          met: null,
          note: `p99 ${ms(e.latencyUs.p99)} vs ${b.latency.p99} ms at ${workers} connections (EdgeDeck: wrk, ${threads} threads)`,
        },
      ],
      details: { workers, devicesPerWorker: edgeSets[0].length, edgedeck, baseline, rowsWritten: written, brokenTags: broken },
    };
  } finally {
    load.close();
    await sql.end({ timeout: 5 });
  }
}
