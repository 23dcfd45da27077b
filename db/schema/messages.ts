import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Telemetry received from devices and modules over MQTT (reference §10.2), kept for
 * MESSAGE_RETENTION_HOURS for the console's message view. `module_id` is '' for device telemetry
 * (as in twin_revisions) so one index serves both. The body is UTF-8 text when it decodes as such
 * (and PostgreSQL can store it), base64 otherwise; `body_encoding` says which.
 */
export const messages = pgTable(
  "messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deviceId: text("device_id").notNull(),
    moduleId: text("module_id").notNull().default(""),
    outputName: text("output_name"),
    systemProperties: jsonb("system_properties").notNull().default({}),
    properties: jsonb("properties").notNull().default({}),
    body: text("body").notNull(),
    bodyEncoding: text("body_encoding").notNull(),
    size: integer("size").notNull(),
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  },
  (t) => [index("messages_target").on(t.deviceId, t.moduleId, t.id), index("messages_enqueued_at").on(t.enqueuedAt)],
);
