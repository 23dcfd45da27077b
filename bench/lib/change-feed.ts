import { io, type Socket } from "socket.io-client";
import type { BenchContext, BenchResult } from "./context";
import { ratioOf } from "./context";
import { withCpu } from "./cpu";
import { deviceId, deviceSets, sleep, summarise } from "./stats";
import { wrkPatchLoad, type SentWrite } from "./wrk-patch";

const PER_WORKER = 50;
const PACED_CONNECTIONS_FACTOR = 4;

type ChangeEvent = { seq: number; kind: string; deviceId: string | null; moduleId: string | null; version: number | null };

/**
 * Twin writes with and without a Socket.IO subscriber on the `fleet` room, and the time from sending
 * a PATCH to receiving its `changes` event (matched by deviceId + the twin version the write
 * creates): once at full speed (closed loop), once paced at `--rate` writes/s. The writes come from
 * wrk (twin-patch.lua), which logs each send on CLOCK_MONOTONIC, the clock the subscriber stamps
 * arrivals with.
 */
export async function benchChangeFeed(ctx: BenchContext): Promise<BenchResult> {
  const { args } = ctx;
  const workers = args.concurrency;
  const sets = deviceSets(args.devices, workers, PER_WORKER, Math.floor(args.devices / 2));
  const load = wrkPatchLoad(ctx, sets.flat().map((n) => deviceId(args.prefix, n)), workers);
  let subscriber: Subscriber | null = null;
  try {
    // Paced, the writes are open-loop: enough connections that rate x latency of them can be in
    // flight (16 connections at 17 ms would cap the rate below 1,000/s by themselves).
    const run = (seconds: number, rate?: number) =>
      load.run({ seconds, rate, sendLog: subscriber !== null, ...(rate ? { connections: workers * PACED_CONNECTIONS_FACTOR } : {}) });
    const perSecond = (r: { requestsPerSecond: number }) => Math.round(r.requestsPerSecond * 10) / 10;

    if (args.warmup > 0) {
      ctx.log(`change feed: warm-up ${args.warmup} s`);
      await run(args.warmup);
    }
    ctx.log(`change feed: ${args.duration} s without a subscriber`);
    const without = await withCpu(ctx.cpuParties, ctx.cores, () => run(args.duration), {
      label: "change feed, no subscriber",
      edgedeck: true,
    });

    subscriber = await subscribe(ctx);
    ctx.log(`change feed: ${args.duration} s with a subscriber on 'fleet'`);
    const withSub = await withCpu(ctx.cpuParties, ctx.cores, () => run(args.duration), {
      label: "change feed, with subscriber",
      edgedeck: true,
    });
    const closedLoop = await subscriber.settle(withSub.result.sent);

    ctx.log(`change feed: ${args.duration} s paced at ${args.rate} writes/s with the subscriber`);
    const paced = await withCpu(ctx.cpuParties, ctx.cores, () => run(args.duration, args.rate), {
      label: `change feed, paced ${args.rate}/s`,
      edgedeck: true,
    });
    const pacedEvents = await subscriber.settle(paced.result.sent);

    const withRate = perSecond(withSub.result);
    const withoutRate = perSecond(without.result);
    const pacedRate = perSecond(paced.result);
    const ratio = ratioOf(withRate, withoutRate);
    const valid =
      without.result.errorCount === 0 &&
      withSub.result.errorCount === 0 &&
      paced.result.errorCount === 0 &&
      closedLoop.missing === 0 &&
      pacedEvents.missing === 0;
    return {
      name: "change-feed",
      rows: [
        {
          benchmark: "Change feed: writes with / without subscriber",
          metric: "throughput",
          unit: "writes/s",
          edgedeck: withRate,
          baseline: withoutRate,
          ratio,
          target: ">= 1000/s with subscriber, ratio >= 0.8",
          met: valid && withRate >= 1000 && (ratio ?? 0) >= 0.8,
          note: `EdgeDeck column: with a 'fleet' subscriber; baseline column: no subscriber${valid ? "" : "; INVALID: failed writes or missing events"}`,
        },
        {
          benchmark: "Change event latency, full speed",
          metric: "p50 / p99",
          unit: "ms",
          edgedeck: closedLoop.latency.p50,
          baseline: null,
          ratio: null,
          target: "-",
          met: null,
          note: `p99 ${closedLoop.latency.p99} ms over ${closedLoop.latency.count} events at ${withRate} writes/s; missing ${closedLoop.missing}`,
        },
        {
          benchmark: `Change event latency, paced ${args.rate}/s`,
          metric: "p50 / p99",
          unit: "ms",
          edgedeck: pacedEvents.latency.p50,
          baseline: null,
          ratio: null,
          target: `${args.rate} writes/s sustained`,
          met: valid && pacedRate >= args.rate * 0.98,
          note: `p99 ${pacedEvents.latency.p99} ms over ${pacedEvents.latency.count} events; achieved ${pacedRate} writes/s; missing ${pacedEvents.missing}`,
        },
      ],
      details: {
        workers,
        without: { ...without, result: { ...without.result, sent: undefined } },
        withSubscriber: { ...withSub, result: { ...withSub.result, sent: undefined } },
        closedLoopEvents: closedLoop,
        paced: { ...paced, result: { ...paced.result, sent: undefined } },
        pacedEvents,
      },
    };
  } finally {
    load.close();
    subscriber?.close();
  }
}

type Subscriber = Awaited<ReturnType<typeof subscribe>>;

/** Which of `writes` the store holds a `twin.tags` change row for, as deviceId:version keys. */
async function writtenVersions(ctx: BenchContext, writes: SentWrite[]): Promise<Set<string>> {
  if (writes.length === 0) return new Set();
  const rows = await ctx.sql<{ device_id: string; version: string }[]>`
    select device_id, version from changes where kind = 'twin.tags' and device_id = any(${writes.map((w) => w.deviceId)})`;
  return new Set(rows.map((r) => `${r.device_id}:${Number(r.version)}`));
}

/** A Socket.IO client in the `fleet` room that times the events of the writes it is told to expect. */
async function subscribe(ctx: BenchContext) {
  const socket: Socket = io(ctx.server.url, { auth: { token: ctx.token }, transports: ["websocket"], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(new Error(`Socket.IO handshake failed: ${error.message}`)));
  });
  const ack = (await socket.timeout(10_000).emitWithAck("subscribe", { room: "fleet" })) as { ok: boolean; error?: string };
  if (!ack.ok) throw new Error(`subscribe to 'fleet' refused: ${ack.error}`);

  // Arrival of each twin.tags event on CLOCK_MONOTONIC (µs), by deviceId:version.
  let arrivals = new Map<string, number>();
  let events = 0;
  const onEvent = (event: ChangeEvent) => {
    events++;
    if (event.kind !== "twin.tags" || !event.deviceId) return;
    arrivals.set(`${event.deviceId}:${event.version}`, Number(process.hrtime.bigint() / 1000n));
  };
  socket.on("changes", (batch: ChangeEvent[]) => batch.forEach(onEvent));
  return {
    /** Waits for the events of `sent` (stragglers up to 5 s), then returns their latencies and resets. */
    async settle(sent: SentWrite[]) {
      const deadline = performance.now() + 5000;
      const unmatched = () => sent.filter((w) => !arrivals.has(`${w.deviceId}:${w.version}`));
      while (unmatched().length > 0 && performance.now() < deadline) await sleep(100);
      // wrk logs a write when it builds the request; one built as the run ends may never have been
      // sent. A write counts as missing only if the store has it (its change row) and no event came.
      const stored = await writtenVersions(ctx, unmatched());
      const missing = () => unmatched().filter((w) => stored.has(`${w.deviceId}:${w.version}`)).length;
      const logged = sent.length;
      sent = sent.filter((w) => arrivals.has(`${w.deviceId}:${w.version}`) || stored.has(`${w.deviceId}:${w.version}`));
      const latencies = sent.flatMap((w) => {
        const at = arrivals.get(`${w.deviceId}:${w.version}`);
        return at === undefined ? [] : [(at - w.sentUs) / 1000];
      });
      const result = { latency: summarise(latencies), missing: missing(), sent: sent.length, neverSent: logged - sent.length, eventsReceived: events };
      arrivals = new Map();
      events = 0;
      return result;
    },
    close: () => socket.close(),
  };
}
