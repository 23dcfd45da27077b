import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type { Store } from "@/db/client";
import { authenticate, authorize, type Principal } from "@/lib/api/authenticate";
import { can } from "@/lib/api/permissions";
import { canReplayFrom, resumePoint } from "@/lib/domain/change-feed/resume";
import { isAppError } from "@/lib/domain/errors";
import { deviceRoom, FLEET_ROOM, roomsForEvent, SOCKET_EVENTS, type ChangeEvent } from "../events";
import { ChangeRelay, toChangeEvent } from "./change-relay";
import { attachPostgresAdapter, singleNodeBus, type ClusterBus } from "./cluster";

/** Least time between two change frames of one node (see below). */
const FRAME_MS = 25;

type SubscribeRequest = { room: string; since?: number };
type SubscribeAck = { ok: true; cursor: number; replayed: number } | { ok: false; error: string };

/**
 * Socket.IO on the HTTP server: authenticated in the handshake, clients join `fleet` or
 * `device:{id}` rooms and may resume from the last seq they saw. A client further behind than
 * `maxCatchUp` events, or than the oldest event the retention sweep kept, is told to `resync`
 * (refetch) instead of being replayed.
 */
export async function startRealtime(httpServer: HttpServer, store: Store, options: { maxCatchUp: number; databaseUrl?: string }) {
  const io = new Server(httpServer, { serveClient: false, cors: { origin: false } });
  // With PostgreSQL several processes may serve one hub: they reach each other through the adapter.
  const adapter = options.databaseUrl ? attachPostgresAdapter(io, options.databaseUrl) : null;
  const cluster: ClusterBus = adapter ?? singleNodeBus();

  io.use(async (socket, next) => {
    try {
      const token = String(socket.handshake.auth?.token ?? socket.handshake.headers.authorization ?? "");
      const headers = new Headers();
      if (token) headers.set("authorization", token);
      for (const name of ["cookie", "origin", "host", "referer"] as const) {
        const value = socket.handshake.headers[name];
        if (typeof value === "string") headers.set(name, value);
      }
      // A WebSocket handshake carries the browser's cookies whatever page opened it: judge a
      // cookie-authenticated socket like a state-changing request, so a foreign origin is refused.
      const principal = await authenticate(new Request("http://socket/", { method: "POST", headers }), Date.now() / 1000);
      authorize(principal, can.readTwins);
      (socket.data as { principal: Principal }).principal = principal;
      next();
    } catch (error) {
      next(new Error(isAppError(error) ? error.code : "IotHubUnauthorizedAccess"));
    }
  });

  io.on("connection", (socket) => {
    socket.on(SOCKET_EVENTS.subscribe, async (request: SubscribeRequest, ack?: (a: SubscribeAck) => void) => {
      const reply = typeof ack === "function" ? ack : () => {};
      try {
        reply(await subscribe(socket, request));
      } catch {
        reply({ ok: false, error: "subscribe failed" });
      }
    });
    socket.on(SOCKET_EVENTS.unsubscribe, (request: { room: string }) => {
      if (typeof request?.room === "string") void socket.leave(request.room);
    });
  });

  async function subscribe(socket: Socket, request: SubscribeRequest): Promise<SubscribeAck> {
    const room = typeof request?.room === "string" ? request.room : "";
    const deviceId = room.startsWith("device:") ? room.slice("device:".length) : null;
    const deploymentId = room.startsWith("deployment:") ? room.slice("deployment:".length) : null;
    if (room !== FLEET_ROOM && !deviceId && !deploymentId) return { ok: false, error: "unknown room" };
    // Events the relay has read but not sent yet are below its position, so the replay below would
    // carry them too: send them first (before joining), so a resuming socket gets each event once.
    flush();
    await socket.join(room);
    const since = resumePoint(request.since);
    if (since === null) return { ok: true, cursor: relay.position, replayed: 0 };
    // Only a resuming join asks how far back the feed goes (the retention sweep deletes old rows).
    const [oldest] = await store.query<{ seq: string | number | null }>("select min(seq) as seq from changes", []);
    const rows = canReplayFrom(since, oldest?.seq == null ? null : Number(oldest.seq))
      ? await store.query(
          `select * from changes where seq > $1 and seq <= $2 and ($3::text is null or device_id = $3)
             and ($4::text is null or (kind like 'deployment.%' and payload->>'id' = $4)) order by seq limit $5`,
          [since, relay.position, deviceId, deploymentId, options.maxCatchUp + 1],
        )
      : null;
    // Events deleted since, or too many to replay: refetch instead.
    if (rows === null || rows.length > options.maxCatchUp) {
      socket.emit(SOCKET_EVENTS.resync, { room, cursor: relay.position });
      return { ok: true, cursor: relay.position, replayed: 0 };
    }
    if (rows.length > 0) socket.emit(SOCKET_EVENTS.changes, rows.map((row) => toChangeEvent(row as never)));
    return { ok: true, cursor: relay.position, replayed: rows.length };
  }

  // `local`: every node tails the change feed and serves its own sockets; sending feed events
  // through the adapter too would deliver each one once per node. The relay hands over events one
  // by one, synchronously, for every row of a read; they go out as one frame per room, at most one
  // frame every FRAME_MS: the first events after a quiet spell leave at once (a microtask later),
  // under load they gather for up to FRAME_MS. 1,000 writes/s to 100 consoles are then 40 frames a
  // second per console instead of 1,000 (each frame costs the server and every browser alike).
  const pending: ChangeEvent[] = [];
  let lastFlush = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    lastFlush = Date.now();
    sendBatch(pending.splice(0));
  };
  const relay = new ChangeRelay(store, (event: ChangeEvent) => {
    if (pending.push(event) > 1 || timer) return;
    const wait = lastFlush + FRAME_MS - Date.now();
    if (wait <= 0) queueMicrotask(flush);
    else timer = setTimeout(flush, wait);
  });
  function sendBatch(events: ChangeEvent[]) {
    io.local.to(FLEET_ROOM).emit(SOCKET_EVENTS.changes, events);
    // Every event goes to the fleet room and at most one other (its device or deployment room):
    // that room's sockets get their events unless they are in the fleet room, which had them all.
    const byRoom = new Map<string, ChangeEvent[]>();
    for (const event of events) {
      for (const room of roomsForEvent(event)) {
        if (room === FLEET_ROOM) continue;
        const list = byRoom.get(room);
        if (list) list.push(event);
        else byRoom.set(room, [event]);
      }
    }
    for (const [room, list] of byRoom) io.local.to(room).except(FLEET_ROOM).emit(SOCKET_EVENTS.changes, list);
  }
  await relay.start();

  return {
    io,
    relay,
    cluster,
    /** Telemetry to the consoles watching the device, on every node (through the adapter). */
    publishMessage(message: { deviceId: string }) {
      io.to(deviceRoom(message.deviceId)).emit(SOCKET_EVENTS.message, message);
    },
    async close() {
      await relay.stop();
      flush();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await adapter?.close();
    },
  };
}

export { deviceRoom };
