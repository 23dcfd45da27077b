import { io, type Socket } from "socket.io-client";
import { sleep, summarise, type LatencySummary } from "./stats";

/**
 * Console-side Socket.IO clients: connected over WebSocket, optionally subscribed to a room, each
 * `change` event stamped on arrival under the key `keyOf` gives it (null: not ours, ignored).
 */
export type ClientGroup = {
  sockets: Socket[];
  /** key → arrival times (performance.now()), one per socket that received it. */
  arrivals: Map<string, number[]>;
  received(): number;
  close(): void;
};

export async function connectClients(options: {
  url: string;
  count: number;
  token?: string;
  room?: string;
  keyOf: (event: unknown) => string | null;
}): Promise<ClientGroup> {
  const sockets: Socket[] = [];
  const arrivals = new Map<string, number[]>();
  let received = 0;
  const group: ClientGroup = { sockets, arrivals, received: () => received, close: () => sockets.forEach((s) => s.close()) };
  try {
    for (let i = 0; i < options.count; i++) {
      const socket = io(options.url, {
        auth: options.token ? { token: options.token } : {},
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", (error) => reject(new Error(`Socket.IO handshake failed: ${error.message}`)));
      });
      if (options.room) {
        const ack = (await socket.timeout(10_000).emitWithAck("subscribe", { room: options.room })) as { ok: boolean; error?: string };
        if (!ack.ok) throw new Error(`subscribe to '${options.room}' refused: ${ack.error}`);
      }
      const onEvent = (event: unknown, at: number) => {
        const key = options.keyOf(event);
        if (key === null) return;
        received++;
        const list = arrivals.get(key);
        if (list) list.push(at);
        else arrivals.set(key, [at]);
      };
      // EdgeDeck sends arrays ("changes"); the bare Socket.IO baseline emits one event per frame.
      socket.on("changes", (batch: unknown[]) => {
        const at = performance.now();
        for (const event of batch) onEvent(event, at);
      });
      socket.on("change", (event: unknown) => onEvent(event, performance.now()));
    }
  } catch (error) {
    group.close();
    throw error;
  }
  return group;
}

export type DeliveryFigures = { expected: number; delivered: number; lost: number; latency: LatencySummary };

/**
 * Waits until every socket has every sent key (or `quietMs` pass without a new delivery, at most
 * `maxMs`), then matches arrivals against send times: latency over all deliveries, lost =
 * sockets × sent − delivered.
 */
export async function settleDeliveries(group: ClientGroup, sentAt: Map<string, number>, opts = { quietMs: 3000, maxMs: 20_000 }): Promise<DeliveryFigures> {
  const expected = sentAt.size * group.sockets.length;
  const started = performance.now();
  let last = group.received();
  let lastChange = performance.now();
  while (performance.now() - started < opts.maxMs) {
    const now = group.received();
    if (now !== last) {
      last = now;
      lastChange = performance.now();
    }
    if (now >= expected || performance.now() - lastChange > opts.quietMs) break;
    await sleep(50);
  }
  const samples: number[] = [];
  for (const [key, at] of sentAt) {
    // One delivery per socket counts; a duplicate would not hide a loss.
    for (const arrived of (group.arrivals.get(key) ?? []).slice(0, group.sockets.length)) samples.push(arrived - at);
  }
  return { expected, delivered: samples.length, lost: expected - samples.length, latency: summarise(samples) };
}
