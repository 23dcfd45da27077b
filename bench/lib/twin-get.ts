import { isDeepStrictEqual } from "node:util";
import type { BenchContext, BenchResult } from "./context";
import { ratioOf } from "./context";
import { withCpu } from "./cpu";
import { keepAliveClient } from "./http-client";
import { deviceId, round } from "./stats";
import { runWrk, type WrkResult } from "./wrk";

/** IoT Hub twin read quotas per unit (reads/s), for context. */
const IOT_HUB = "IoT Hub: S1 100/s, S3 500/s per unit";

/**
 * Twin GET through the REST API (SAS-authenticated) against the bare node:http + postgres.js
 * server returning the same JSON, both loaded by wrk with random device ids over the whole fleet.
 */
export async function benchTwinGet(ctx: BenchContext): Promise<BenchResult> {
  const { args } = ctx;
  const parity = await checkParity(ctx);
  ctx.log(`twin GET: responses identical to the baseline: ${parity.identical} (${parity.bytes} bytes)`);

  const run = (url: string, seconds: number, auth: boolean) =>
    runWrk({
      url,
      seconds,
      connections: args.connections,
      threads: args.threads,
      env: { BENCH_DEVICES: String(args.devices), BENCH_PREFIX: args.prefix, BENCH_AUTH: auth ? ctx.token : "" },
    });

  if (args.warmup > 0) {
    ctx.log(`twin GET: warm-up ${args.warmup} s each`);
    await run(ctx.server.url, args.warmup, true);
    await run(ctx.baseline.url, args.warmup, false);
  }
  ctx.log(`twin GET: EdgeDeck ${args.duration} s, ${args.connections} connections`);
  const edgedeck = await withCpu(ctx.cpuParties, ctx.cores, () => run(ctx.server.url, args.duration, true), {
    label: "twin GET, EdgeDeck",
    edgedeck: true,
  });
  ctx.log(`twin GET: bare baseline ${args.duration} s`);
  const baseline = await withCpu(ctx.cpuParties, ctx.cores, () => run(ctx.baseline.url, args.duration, false), {
    label: "twin GET, bare server",
    edgedeck: false,
  });

  const failures = (r: WrkResult) => Object.values(r.errors).reduce((a, b) => a + b, 0);
  const valid = failures(edgedeck.result) === 0 && failures(baseline.result) === 0 && parity.identical;
  const rps = (r: WrkResult) => round(r.requestsPerSecond, 0);
  const ms = (us: number) => round(us / 1000);
  return {
    name: "twin-get",
    rows: [
      {
        benchmark: "Twin GET (REST, SAS)",
        metric: "throughput",
        unit: "req/s",
        edgedeck: rps(edgedeck.result),
        baseline: rps(baseline.result),
        ratio: ratioOf(edgedeck.result.requestsPerSecond, baseline.result.requestsPerSecond),
        target: ">= 2000 req/s",
        met: valid && edgedeck.result.requestsPerSecond >= 2000,
        note: `${IOT_HUB}${valid ? "" : "; INVALID: errors or response mismatch"}`,
      },
      {
        benchmark: "Twin GET (REST, SAS)",
        metric: "latency p50 / p99",
        unit: "ms",
        edgedeck: ms(edgedeck.result.latencyUs.p50),
        baseline: ms(baseline.result.latencyUs.p50),
        ratio: ratioOf(edgedeck.result.latencyUs.p50, baseline.result.latencyUs.p50),
        target: "-",
        met: null,
        note: `p99 ${ms(edgedeck.result.latencyUs.p99)} vs ${ms(baseline.result.latencyUs.p99)} ms at ${args.connections} connections`,
      },
    ],
    details: { parity, edgedeck, baseline, connections: args.connections, threads: args.threads },
  };
}

/** Both servers must send the same document for the comparison to mean anything. */
async function checkParity(ctx: BenchContext) {
  const id = deviceId(ctx.args.prefix, Math.max(1, Math.floor(ctx.args.devices / 2)));
  const client = keepAliveClient(ctx.server.url, 1);
  const bare = keepAliveClient(ctx.baseline.url, 1);
  try {
    const a = await client.request("GET", `/api/twins/${id}`, { authorization: ctx.token });
    const b = await bare.request("GET", `/api/twins/${id}`, {});
    if (a.status !== 200) throw new Error(`EdgeDeck answered ${a.status} to GET /api/twins/${id}: ${a.body.slice(0, 300)}`);
    if (b.status !== 200) throw new Error(`the baseline answered ${b.status} to GET /api/twins/${id}: ${b.body.slice(0, 300)}`);
    return { deviceId: id, identical: isDeepStrictEqual(JSON.parse(a.body), JSON.parse(b.body)), bytes: a.body.length, baselineBytes: b.body.length };
  } finally {
    client.close();
    bare.close();
  }
}
