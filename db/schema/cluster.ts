import { bigserial, customType, index, text, timestamp } from "drizzle-orm/pg-core";
import { pgTable } from "drizzle-orm/pg-core";

/**
 * Server processes sharing one PostgreSQL. Each writes a heartbeat; a node silent for longer than
 * CLUSTER_NODE_TIMEOUT_SECONDS is dead, and the sessions it held are marked Disconnected by the others.
 */
export const clusterNodes = pgTable(
  "cluster_nodes",
  {
    nodeId: text("node_id").primaryKey(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "string" }).notNull(),
    lastSeen: timestamp("last_seen", { withTimezone: true, mode: "string" }).notNull(),
  },
  (t) => [index("cluster_nodes_last_seen_idx").on(t.lastSeen)],
);

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

/**
 * Owned by @socket.io/postgres-adapter: payloads too big for a NOTIFY. Created here, in a migration,
 * so that the adapter never runs DDL at start-up.
 */
export const socketIoAttachments = pgTable("socket_io_attachments", {
  id: bigserial("id", { mode: "number" }).unique(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).defaultNow(),
  payload: bytea("payload"),
});
