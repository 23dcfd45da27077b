import { sql } from "drizzle-orm";
import { devices } from "./devices";
import { bigserial, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "string" });

/**
 * Direct method calls that had to wait for the device or module to connect
 * (`connectTimeoutInSeconds` > 0 while it was offline): the console lists them as pending
 * operations and keeps a receipt once they end. Only the method name and the outcome are kept,
 * never the request or response payload. `module_id` is '' for device methods (as in
 * twin_revisions); rows go with their device. Status: pending (waiting for a connection), delivered (sent, awaiting the
 * answer), answered, expired (no connection within the connect timeout), failed.
 */
export const methodCalls = pgTable(
  "method_calls",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deviceId: text("device_id")
      .notNull()
      .references(() => devices.deviceId, { onDelete: "cascade" }),
    moduleId: text("module_id").notNull().default(""),
    methodName: text("method_name").notNull(),
    requestedBy: text("requested_by").notNull(),
    queuedAt: ts("queued_at").notNull(),
    expiresAt: ts("expires_at").notNull(),
    status: text("status").notNull().default("pending"),
    /** The device's answer status, or the hub's error code for failed and expired calls. */
    statusCode: integer("status_code"),
    errorCode: text("error_code"),
    deliveredAt: ts("delivered_at"),
    finishedAt: ts("finished_at"),
  },
  (t) => [
    index("method_calls_device").on(t.deviceId, t.queuedAt),
    index("method_calls_open").on(t.deviceId).where(sql`status in ('pending', 'delivered')`),
    index("method_calls_queued_at").on(t.queuedAt),
  ],
);
