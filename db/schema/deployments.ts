import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "string" });

/**
 * IoT Edge deployments (IoT Hub configurations with `modulesContent`, reference §5). `content` is
 * immutable after create; labels, priority, target condition and metric queries are not. Metric
 * results are written by the reconciler, not by the client.
 */
export const deployments = pgTable("deployments", {
  id: text("id").primaryKey(),
  /** Creation order: ties between equal priorities go to the newest (§5.3), and clocks can repeat. */
  createdSeq: bigserial("created_seq", { mode: "number" }).notNull(),
  schemaVersion: text("schema_version").notNull().default("1.0"),
  labels: jsonb("labels").notNull().default({}),
  modulesContent: jsonb("modules_content").notNull(),
  layered: boolean("layered").notNull(),
  targetCondition: text("target_condition").notNull(),
  priority: integer("priority").notNull(),
  metricQueries: jsonb("metric_queries").notNull().default({}),
  metricResults: jsonb("metric_results").notNull().default({}),
  systemMetricResults: jsonb("system_metric_results").notNull().default({}),
  version: integer("version").notNull().default(1),
  createdTime: ts("created_time").notNull(),
  lastUpdatedTime: ts("last_updated_time").notNull(),
});

/** Which deployments target which edge device, and whether each was merged (Applied) or lost (Targeted). */
export const deploymentAssignments = pgTable(
  "deployment_assignments",
  {
    // No foreign keys: each one locks the referenced row (FOR KEY SHARE) for every assignment
    // written, 200,000 row locks when a deployment targets 100,000 devices. A statement trigger on
    // `devices` (migration 0013) deletes a deleted device's assignments; a deleted deployment's stay
    // until the reconciler pass its delete triggers, which removes them and clears their statuses
    // (readers join `deployments`).
    deploymentId: text("deployment_id").notNull(),
    deviceId: text("device_id").notNull(),
    status: text("status").notNull(),
    since: ts("since").notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.deploymentId, t.deviceId] }), index("deployment_assignments_device").on(t.deviceId)],
);
