"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { io, type Socket } from "socket.io-client";
import { deploymentRoom, deviceRoom, FLEET_ROOM, roomsForEvent, SOCKET_EVENTS, type ChangeEvent } from "@/lib/realtime/events";
import { queryKeys } from "./query-keys";

type Listener = (event: ChangeEvent) => void;
/** A stored telemetry message as `GET /api/devices/{id}/messages` returns it. */
export type LiveMessage = {
  id: string;
  deviceId: string;
  moduleId: string | null;
  outputName: string | null;
  enqueuedTimeUtc: string;
  systemProperties: Record<string, string>;
  properties: Record<string, string>;
  body: string;
  bodyEncoding: "utf8" | "base64";
  size: number;
};
type Status = "connecting" | "live" | "offline";

/**
 * One Socket.IO connection per tab (cookie-authenticated, same origin). Rooms are reference-counted
 * by the components that need them; after a reconnect every room is re-joined from the last seq this
 * tab saw, so nothing is missed; when the server says `resync` the affected queries are refetched.
 */
class LiveConnection {
  private socket: Socket | null = null;
  private rooms = new Map<string, Set<Listener>>();
  private messageListeners = new Set<(message: LiveMessage) => void>();
  private lastSeq: number | null = null;
  private status: Status = "connecting";
  private statusListeners = new Set<() => void>();
  private fleetTimer: ReturnType<typeof setTimeout> | null = null;
  /** Joins sent without a seq to resume from and not answered yet (see `join`). */
  private unresumedJoins = 0;

  constructor(private readonly queries: QueryClient) {}

  start() {
    if (this.socket) return;
    this.socket = io({ withCredentials: true, transports: ["websocket"] });
    this.socket.on("connect", () => {
      this.setStatus("live");
      // Joins of a dropped connection are never answered: only this connection's count.
      this.unresumedJoins = 0;
      for (const room of this.rooms.keys()) this.join(room);
    });
    this.socket.on("disconnect", () => this.setStatus("offline"));
    this.socket.on("connect_error", () => this.setStatus("offline"));
    this.socket.on(SOCKET_EVENTS.changes, (events: ChangeEvent[]) => {
      for (const event of events) this.dispatch(event);
    });
    this.socket.on(SOCKET_EVENTS.message, (message: LiveMessage) => {
      for (const listener of this.messageListeners) listener(message);
    });
    this.socket.on(SOCKET_EVENTS.resync, (info: { room: string; cursor: number }) => {
      this.lastSeq = Math.max(this.lastSeq ?? 0, info.cursor);
      if (info.room === FLEET_ROOM) void this.queries.invalidateQueries();
      else if (info.room.startsWith("deployment:")) void this.queries.invalidateQueries({ queryKey: queryKeys.deployments() });
      else this.invalidateDevice(info.room.slice("device:".length));
    });
  }

  stop() {
    this.socket?.disconnect();
    this.socket = null;
  }

  getStatus = () => this.status;
  onStatus = (listener: () => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  /** Joins `room` while any listener holds it; without a listener it only holds the room. */
  listen(room: string, listener: Listener = () => {}) {
    let listeners = this.rooms.get(room);
    if (!listeners) {
      listeners = new Set();
      this.rooms.set(room, listeners);
      if (this.socket?.connected) this.join(room);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        this.rooms.delete(room);
        this.socket?.emit(SOCKET_EVENTS.unsubscribe, { room });
      }
    };
  }

  /** Telemetry of devices whose room this tab is in (hold the room with `listen`). */
  listenMessages(listener: (message: LiveMessage) => void) {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  private join(room: string) {
    const since = this.lastSeq;
    if (since === null) this.unresumedJoins += 1;
    this.socket?.emit(SOCKET_EVENTS.subscribe, { room, since: since ?? undefined }, (ack: { ok: boolean; cursor?: number }) => {
      if (since !== null) return;
      if (ack?.ok && typeof ack.cursor === "number") this.lastSeq = Math.max(this.lastSeq ?? 0, ack.cursor);
      // Joined without a seq to resume from: the page's queries were answered before this tab was
      // in its rooms (on a slow first connect, or one that dropped before any subscribe answered),
      // and what changed in between cannot be replayed. Refetch them, once the last of those joins
      // is answered (one refetch for all the rooms a page joins at once, not one per room).
      this.unresumedJoins = Math.max(0, this.unresumedJoins - 1);
      if (this.unresumedJoins === 0) void this.queries.invalidateQueries();
    });
  }

  private setStatus(status: Status) {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }

  private dispatch(event: ChangeEvent) {
    // A replay after (re)joining a room can overlap events already received live; handle each once.
    if (this.seen.has(event.seq)) return;
    this.remember(event.seq);
    this.lastSeq = Math.max(this.lastSeq ?? 0, event.seq);
    if (event.deviceId) this.invalidateDevice(event.deviceId, event.moduleId);
    this.invalidateFleetSoon();
    for (const room of roomsForEvent(event)) {
      for (const listener of this.rooms.get(room) ?? []) listener(event);
    }
  }

  private seen = new Set<number>();
  private remember(seq: number) {
    this.seen.add(seq);
    if (this.seen.size > 2000) this.seen = new Set([...this.seen].slice(-1000));
  }

  private invalidateDevice(deviceId: string, moduleId?: string | null) {
    const q = this.queries;
    // A device-level event must not refetch every module twin of the device, hence `exact`.
    if (moduleId) void q.invalidateQueries({ queryKey: queryKeys.twin(deviceId, moduleId) });
    else void q.invalidateQueries({ queryKey: queryKeys.twin(deviceId), exact: true });
    void q.invalidateQueries({ queryKey: queryKeys.device(deviceId) });
    void q.invalidateQueries({ queryKey: queryKeys.modules(deviceId) });
    void q.invalidateQueries({ queryKey: queryKeys.revisions(deviceId) });
    if (moduleId) void q.invalidateQueries({ queryKey: queryKeys.module(deviceId, moduleId) });
  }

  /** Fleet views (tables, counts) change with every event; refetch them at most every 2 s. */
  private invalidateFleetSoon() {
    if (this.fleetTimer) return;
    this.fleetTimer = setTimeout(() => {
      this.fleetTimer = null;
      void this.queries.invalidateQueries({ queryKey: queryKeys.fleet() });
    }, 2000);
  }
}

const LiveContext = createContext<LiveConnection | null>(null);

export function LiveProvider({ children }: { children: React.ReactNode }) {
  const queries = useQueryClient();
  const [connection] = useState(() => new LiveConnection(queries));
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  return <LiveContext.Provider value={connection}>{children}</LiveContext.Provider>;
}

/** Connection state of the live feed: "live", "connecting" or "offline". */
export function useLiveStatus(): Status {
  const connection = useContext(LiveContext);
  return useSyncExternalStore(
    connection?.onStatus ?? (() => () => {}),
    connection?.getStatus ?? (() => "offline" as const),
    () => "connecting" as const,
  );
}

/**
 * Keeps this tab in the room of `device:{id}` (or the whole fleet with `deviceId` null) while the
 * component is mounted: the change events of that room then invalidate the queries keyed by
 * query-keys.ts. A page that shows live data needs nothing more.
 */
export function useLiveRoom(deviceId: string | null) {
  const connection = useContext(LiveContext);
  useEffect(() => connection?.listen(deviceId ? deviceRoom(deviceId) : FLEET_ROOM), [connection, deviceId]);
}

/**
 * Receive the change events of `device:{id}` (or the whole fleet with `deviceId` null) while the
 * component is mounted. Queries under the keys in query-keys.ts are invalidated anyway; use this for
 * anything else (a "changed while you edit" banner, a live message list).
 */
export function useLiveChanges(deviceId: string | null, onEvent: Listener) {
  useRoomEvents(deviceId ? deviceRoom(deviceId) : FLEET_ROOM, onEvent);
}

/** The latest `value` in a ref, so a subscription made once calls the current callback. */
function useLatest<T>(value: T) {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}

/** Joins `room` while mounted and hands its change events to the latest `onEvent`. */
function useRoomEvents(room: string, onEvent: Listener) {
  const connection = useContext(LiveContext);
  const handler = useLatest(onEvent);
  useEffect(() => {
    if (!connection) return;
    return connection.listen(room, (event) => handler.current(event));
  }, [connection, room, handler]);
}

/** Telemetry messages of one device (or one of its modules) as they are stored, while mounted. */
export function useLiveMessages(deviceId: string, moduleId: string | null, onMessage: (message: LiveMessage) => void) {
  const connection = useContext(LiveContext);
  const handler = useLatest(onMessage);
  useEffect(() => {
    if (!connection) return;
    const leaveRoom = connection.listen(deviceRoom(deviceId));
    const stop = connection.listenMessages((message) => {
      if (message.deviceId === deviceId && (moduleId === null || message.moduleId === moduleId)) handler.current(message);
    });
    return () => {
      stop();
      leaveRoom();
    };
  }, [connection, deviceId, moduleId, handler]);
}

/**
 * Receive the change events of one deployment (`deployment:{id}`: created, updated, deleted,
 * metrics) while mounted, without the whole fleet's traffic.
 */
export function useDeploymentChanges(deploymentId: string, onEvent: Listener) {
  useRoomEvents(deploymentRoom(deploymentId), onEvent);
}
