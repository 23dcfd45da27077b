import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { createWebSocketStream, WebSocketServer } from "ws";

export const WEBSOCKET_PATH = "/$iothub/websocket";

/**
 * MQTT over WebSocket on the console's HTTP server (reference §10.1: `wss://{host}/$iothub/websocket`,
 * subprotocol `mqtt`). Only upgrades for that path are taken; Socket.IO keeps handling its own
 * (`/socket.io/`) on the same server. Returns the function that detaches it.
 */
export function attachWebSocketTransport(
  httpServer: HttpServer,
  handle: (stream: Duplex, request: IncomingMessage) => void,
  options: { maxPayloadBytes: number },
): () => void {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has("mqtt") ? "mqtt" : protocols.values().next().value ?? false),
  });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://upgrade").pathname);
    } catch {
      return;
    }
    if (pathname !== WEBSOCKET_PATH) return;
    wss.handleUpgrade(request, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      stream.on("error", () => ws.terminate());
      handle(stream, request);
    });
  };
  httpServer.on("upgrade", onUpgrade);
  return () => {
    httpServer.off("upgrade", onUpgrade);
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
}
