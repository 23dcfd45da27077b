import { bigint, integer, jsonb, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Columns shared by `devices` and `modules`: identity plus twin. Keeping the names identical in both
 * tables lets the query compiler address `FROM devices` and `FROM devices.modules` with one mapping.
 */
export const identityAndTwinColumns = () => ({
  generationId: text("generation_id").notNull(),
  identityEtag: text("identity_etag").notNull(),
  status: text("status").notNull().default("enabled"),
  statusReason: text("status_reason"),
  statusUpdatedTime: timestamp("status_updated_time", { withTimezone: true, mode: "string" }),
  authType: text("auth_type").notNull().default("sas"),
  primaryKey: text("primary_key"),
  secondaryKey: text("secondary_key"),
  primaryThumbprint: text("primary_thumbprint"),
  secondaryThumbprint: text("secondary_thumbprint"),
  modelId: text("model_id").notNull().default(""),
  connectionState: text("connection_state").notNull().default("Disconnected"),
  connectionStateUpdatedTime: timestamp("connection_state_updated_time", { withTimezone: true, mode: "string" }),
  lastActivityTime: timestamp("last_activity_time", { withTimezone: true, mode: "string" }),
  /** The server process holding the MQTT session while Connected (cluster_nodes.node_id). */
  connectedNode: text("connected_node"),
  cloudToDeviceMessageCount: integer("c2d_message_count").notNull().default(0),
  tags: jsonb("tags").notNull().default({}),
  desired: jsonb("desired").notNull().default({}),
  desiredMetadata: jsonb("desired_metadata").notNull().default({}),
  desiredVersion: integer("desired_version").notNull().default(1),
  reported: jsonb("reported").notNull().default({}),
  reportedMetadata: jsonb("reported_metadata").notNull().default({}),
  reportedVersion: integer("reported_version").notNull().default(1),
  twinVersion: bigint("twin_version", { mode: "number" }).notNull().default(1),
  configurations: jsonb("configurations").notNull().default({}),
  /**
   * The highest desired `$version` the hub has delivered to this identity (a PATCH push sent, or a
   * twin GET answered) and when: desired revisions above it are pending delivery (console). Written
   * only when the version rises, by the node holding the session.
   */
  desiredDeliveredVersion: integer("desired_delivered_version"),
  desiredDeliveredAt: timestamp("desired_delivered_at", { withTimezone: true, mode: "string" }),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
});

