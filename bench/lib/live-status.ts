import type { IdentityConnection } from "@/lib/simulator/identity-connection";
import { paced } from "./pacer";
import { connectClients, settleDeliveries, type DeliveryFigures } from "./socket-clients";
import { sleep, summarise } from "./stats";

type ChangeLike = { kind?: string; deviceId?: string | null; moduleId?: string | null; version?: number | null };

export type LiveStatusFigures = DeliveryFigures & {
  sockets: number;
  identities: number;
  rateTarget: number;
  /** Patches sent, answered 204, failed, and not answered at the end. */
  sent: number;
  acknowledged: number;
  failed: number;
  unanswered: number;
  firstError: string | null;
  /** Answered patches per second of the sending window. */
  achievedRate: number;
  sendSeconds: number;
  /** 204 round trip of the reported PATCH itself. */
  patchLatency: DeliveryFigures["latency"];
};

const MAX_IN_FLIGHT = 5000;

/**
 * Reported patches over MQTT (`$iothub/twin/PATCH/properties/reported/`, device identities,
 * round robin) paced at `rate`/s for `seconds`; `sockets` Socket.IO clients in the `fleet` room
 * time each patch's `twin.reported` change event, matched by deviceId, module (none) and the
 * `$version` of the 204 answer. The answer and the event race: arrivals are kept and matched at the end.
 */
export async function measureLiveStatus(o: {
  serverUrl: string;
  token: string;
  connections: IdentityConnection[];
  sockets: number;
  rate: number;
  seconds: number;
  log(line: string): void;
}): Promise<LiveStatusFigures> {
  const ours = new Set(o.connections.map((c) => c.target.deviceId));
  const clients = await connectClients({
    url: o.serverUrl,
    count: o.sockets,
    token: o.token,
    room: "fleet",
    keyOf: (event) => {
      const e = event as ChangeLike;
      return e.kind === "twin.reported" && !e.moduleId && e.deviceId && ours.has(e.deviceId) ? `${e.deviceId}:${e.version}` : null;
    },
  });
  try {
    o.log(`live status: ${o.sockets} sockets in 'fleet'; ${o.seconds} s of reported patches at ${o.rate}/s over ${o.connections.length} device identities`);
    const sentAt = new Map<string, number>();
    const patchMs: number[] = [];
    let inFlight = 0;
    let acknowledged = 0;
    let failed = 0;
    let skipped = 0;
    let firstError: string | null = null;
    const send = (n: number) => {
      if (inFlight >= MAX_IN_FLIGHT) return void skipped++;
      const connection = o.connections[n % o.connections.length]!;
      const at = performance.now();
      inFlight++;
      connection
        .patchReported({ bench: { n, sentAtMs: Date.now() } })
        .then((version) => {
          if (version === undefined) throw new Error("204 without $version");
          acknowledged++;
          patchMs.push(performance.now() - at);
          sentAt.set(`${connection.target.deviceId}:${version}`, at);
        })
        .catch((error: Error) => {
          failed++;
          firstError ??= error.message;
        })
        .finally(() => inFlight--);
    };
    const sending = await paced(o.rate, o.seconds, send);
    const answeredInWindow = acknowledged;
    const waitUntil = performance.now() + 30_000;
    while (inFlight > 0 && performance.now() < waitUntil) await sleep(20);
    const deliveries = await settleDeliveries(clients, sentAt);
    return {
      ...deliveries,
      sockets: o.sockets,
      identities: o.connections.length,
      rateTarget: o.rate,
      sent: sending.sent - skipped,
      acknowledged,
      failed,
      unanswered: inFlight + skipped,
      firstError,
      achievedRate: Math.round((answeredInWindow / sending.seconds) * 10) / 10,
      sendSeconds: Math.round(sending.seconds * 100) / 100,
      patchLatency: summarise(patchMs),
    };
  } finally {
    clients.close();
  }
}
