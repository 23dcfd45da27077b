import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { paced } from "./pacer";
import { connectClients, settleDeliveries, type DeliveryFigures } from "./socket-clients";

export type EmitBaselineFigures = DeliveryFigures & { emitted: number; achievedRate: number };

/**
 * The floor under the live status figure: a bare Socket.IO server in the bench process, `sockets`
 * clients in a `fleet` room, `count` change-shaped events emitted to the room at `rate`/s;
 * latency = emit → receive. No MQTT, no store, no change feed.
 */
export async function measureEmitBaseline(o: { sockets: number; rate: number; count: number; log(line: string): void }): Promise<EmitBaselineFigures> {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { transports: ["websocket"] });
  io.on("connection", (socket) => {
    void socket.join("fleet");
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const clients = await connectClients({
    url: `http://127.0.0.1:${port}`,
    count: o.sockets,
    keyOf: (event) => String((event as { seq?: number }).seq),
  });
  try {
    o.log(`emit baseline: ${o.count} events at ${o.rate}/s to ${o.sockets} sockets of a bare Socket.IO server`);
    const sentAt = new Map<string, number>();
    const sending = await paced(
      o.rate,
      Math.ceil((o.count / o.rate) * 2) + 5,
      (n) => {
        sentAt.set(String(n), performance.now());
        io.to("fleet").emit("change", {
          seq: n,
          kind: "twin.reported",
          deviceId: `bench-${n % 500}`,
          moduleId: null,
          version: n,
          payload: null,
          at: new Date().toISOString(),
        });
      },
      o.count,
    );
    const deliveries = await settleDeliveries(clients, sentAt);
    return { ...deliveries, emitted: sending.sent, achievedRate: Math.round((sending.sent / sending.seconds) * 10) / 10 };
  } finally {
    clients.close();
    io.disconnectSockets(true);
    await new Promise<void>((resolve) => void io.close(() => resolve()));
  }
}
