import { randomUUID } from "node:crypto";
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import type { Server } from "socket.io";

/**
 * Several server processes on one PostgreSQL form a cluster. Each has a node id (the owner of the
 * MQTT sessions it holds, see cluster_nodes) and talks to the others through Socket.IO's PostgreSQL
 * adapter: socket-to-socket events and `serverSideEmit` messages (method calls, session takeovers).
 * Change-feed events are *not* sent through it: every node tails the feed itself.
 */
const holder = globalThis as unknown as { __edgedeckNodeId?: string };
export const nodeId = (): string => (holder.__edgedeckNodeId ??= randomUUID());

export type ClusterMessage = Record<string, unknown>;

/** Fire-and-forget messages to the other nodes; a no-op for a single node (PGlite). */
export type ClusterBus = {
  readonly nodeId: string;
  publish(event: string, message: ClusterMessage): void;
  subscribe(event: string, handler: (message: ClusterMessage) => void): void;
};

export const singleNodeBus = (): ClusterBus => ({ nodeId: nodeId(), publish() {}, subscribe() {} });

/** Puts the PostgreSQL adapter on `io` and returns the bus over it, with a close for shutdown. */
export function attachPostgresAdapter(io: Server, databaseUrl: string): ClusterBus & { close(): Promise<void> } {
  // The adapter LISTENs on one connection and publishes on others: a small pool of its own.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  pool.on("error", (error) => console.error("[cluster] adapter pool error", error.message));
  io.adapter(createAdapter(pool, { errorHandler: (error) => console.error("[cluster] adapter error", error.message) }));
  const emitter = io as unknown as {
    serverSideEmit(event: string, message: ClusterMessage): void;
    on(event: string, handler: (message: ClusterMessage) => void): void;
  };
  return {
    nodeId: nodeId(),
    publish: (event, message) => emitter.serverSideEmit(event, message),
    subscribe: (event, handler) => emitter.on(event, handler),
    close: () => pool.end(),
  };
}
