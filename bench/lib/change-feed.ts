import { io, type Socket } from "socket.io-client";
import type { BenchContext, BenchResult } from "./context";
import { ratioOf } from "./context";
import { withCpu } from "./cpu";
import { keepAliveClient } from "./http-client";
import { runLoad } from "./load";
import { edgeDeckPatchSteps } from "./patch-load";
import { deviceSets, sleep, summarise } from "./stats";

const PER_WORKER = 50;

type ChangeEvent = { seq: number; kind: string; deviceId: string | null; moduleId: string | null; version: number | null };

/**
 * Twin writes with and without a Socket.IO subscriber on the `fleet` room, and the time from sending
 * a PATCH to receiving its `change` event (matched by deviceId + the twin version the write
 * creates): once at full speed (closed loop), once paced at `--rate` writes/s.
 */
export async function benchChangeFeed(ctx: BenchContext): Promise<BenchResult> {
  const { args } = ctx;
  const workers = args.concurrency;
  const client = keepAliveClient(ctx.server.url, workers);
  const sets = deviceSets(args.devices, workers, PER_WORKER, Math.floor(args.devices / 2));
  let subscriber: Subscriber | null = null;
  try {
    const load = async (seconds: number, rate?: number) => {
      const sub = subscriber;
      const steps = await edgeDeckPatchSteps({
        client,
        sql: ctx.sql,
        token: ctx.token,
        prefix: args.prefix,
        sets,
        onSend: sub ? (id, version, at) => sub.expect(id, version, at) : undefined,
      });
      return runLoad({ steps, seconds, rate });
    };

    if (args.warmup > 0) {
      ctx.log(`change feed: warm-up ${args.warmup} s`);
      await load(args.warmup);
    }
    ctx.log(`change feed: ${args.duration} s without a subscriber`);
    const without = await withCpu(ctx.cpuParties, ctx.cores, () => load(args.duration), {
      label: "change feed, no subscriber",
      edgedeck: true,
    });

    subscriber = await subscribe(ctx);
    ctx.log(`change feed: ${args.duration} s with a subscriber on 'fleet'`);
    const withSub = await withCpu(ctx.cpuParties, ctx.cores, () => load(args.duration), {
      label: "change feed, with subscriber",
      edgedeck: true,
    });
    const closedLoop = await subscriber.settle();

    ctx.log(`change feed: ${args.duration} s paced at ${args.rate} writes/s with the subscriber`);
    const paced = await withCpu(ctx.cpuParties, ctx.cores, () => load(args.duration, args.rate), {
      label: `change feed, paced ${args.rate}/s`,
      edgedeck: true,
    });
    const pacedEvents = await subscriber.settle();

    const ratio = ratioOf(withSub.result.perSecond, without.result.perSecond);
    const valid =
      without.result.failed === 0 && withSub.result.failed === 0 && paced.result.failed === 0 && closedLoop.missing === 0 && pacedEvents.missing === 0;
    return {
      name: "change-feed",
      rows: [
        {
          benchmark: "Change feed: writes with / without subscriber",
          metric: "throughput",
          unit: "writes/s",
          edgedeck: withSub.result.perSecond,
          baseline: without.result.perSecond,
          ratio,
          target: ">= 1000/s with subscriber, ratio >= 0.8",
          met: valid && withSub.result.perSecond >= 1000 && (ratio ?? 0) >= 0.8,
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
          note: `p99 ${closedLoop.latency.p99} ms over ${closedLoop.latency.count} events at ${withSub.result.perSecond} writes/s; missing ${closedLoop.missing}`,
        },
        {
          benchmark: `Change event latency, paced ${args.rate}/s`,
          metric: "p50 / p99",
          unit: "ms",
          edgedeck: pacedEvents.latency.p50,
          baseline: null,
          ratio: null,
          target: `${args.rate} writes/s sustained`,
          met: valid && paced.result.perSecond >= args.rate * 0.98,
          note: `p99 ${pacedEvents.latency.p99} ms over ${pacedEvents.latency.count} events; achieved ${paced.result.perSecond} writes/s; missing ${pacedEvents.missing}`,
        },
      ],
      details: { workers, without, withSubscriber: withSub, closedLoopEvents: closedLoop, paced, pacedEvents },
    };
  } finally {
    client.close();
    subscriber?.close();
  }
}

type Subscriber = Awaited<ReturnType<typeof subscribe>>;

/** A Socket.IO client in the `fleet` room that times the events of the writes it is told to expect. */
async function subscribe(ctx: BenchContext) {
  const socket: Socket = io(ctx.server.url, { auth: { token: ctx.token }, transports: ["websocket"], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(new Error(`Socket.IO handshake failed: ${error.message}`)));
  });
  const ack = (await socket.timeout(10_000).emitWithAck("subscribe", { room: "fleet" })) as { ok: boolean; error?: string };
  if (!ack.ok) throw new Error(`subscribe to 'fleet' refused: ${ack.error}`);

  const pending = new Map<string, number>();
  let latencies: number[] = [];
  let events = 0;
  const onEvent = (event: ChangeEvent) => {
    events++;
    if (event.kind !== "twin.tags" || !event.deviceId) return;
    const key = `${event.deviceId}:${event.version}`;
    const sentAt = pending.get(key);
    if (sentAt === undefined) return;
    pending.delete(key);
    latencies.push(performance.now() - sentAt);
  };
  socket.on("changes", (batch: ChangeEvent[]) => batch.forEach(onEvent));
  return {
    expect(id: string, version: number, at: number) {
      pending.set(`${id}:${version}`, at);
    },
    /** Waits for stragglers (up to 5 s), then returns and resets the latency record. */
    async settle() {
      const deadline = performance.now() + 5000;
      while (pending.size > 0 && performance.now() < deadline) await sleep(50);
      const result = { latency: summarise(latencies), missing: pending.size, eventsReceived: events };
      pending.clear();
      latencies = [];
      events = 0;
      return result;
    },
    close: () => socket.close(),
  };
}
