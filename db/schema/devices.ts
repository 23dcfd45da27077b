import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** The live sessions only: the cluster sweep (lib/data/cluster-nodes.ts) reads them every few seconds. */
const CONNECTED = sql`connection_state = 'Connected'`;
import { identityAndTwinColumns } from "./twin-columns";

export const devices = pgTable(
  "devices",
  {
    deviceId: text("device_id").primaryKey(),
    ...identityAndTwinColumns(),
    edgeEnabled: boolean("edge_enabled").notNull().default(false),
    deviceScope: text("device_scope"),
    parentScopes: jsonb("parent_scopes").notNull().default([]),
    /**
     * Whether the device is reachable, as the console judges it: its own MQTT connection, or for an
     * edge device (whose own identity never connects) its `$edgeAgent` module's. Kept by
     * lib/data/sync-device-presence.ts wherever either connection changes, so the fleet filter and
     * sort stay one indexed column.
     */
    presenceState: text("presence_state").notNull().default("Disconnected"),
    presenceUpdatedTime: timestamp("presence_updated_time", { withTimezone: true, mode: "string" }),
  },
  (t) => [
    index("devices_tags_gin").using("gin", t.tags.op("jsonb_path_ops")),
    index("devices_reported_gin").using("gin", t.reported.op("jsonb_path_ops")),
    // Prefix search by id (command palette): pattern ops make `~>=~`/`~<~` ranges use an index
    // whatever the database collation.
    index("devices_id_prefix").on(t.deviceId.op("text_pattern_ops")),
    index("devices_connected_node").on(t.connectedNode).where(CONNECTED),
    index("devices_presence_state").on(t.presenceState, t.deviceId),
  ],
);

export const modules = pgTable(
  "modules",
  {
    deviceId: text("device_id")
      .notNull()
      .references(() => devices.deviceId, { onDelete: "cascade" }),
    moduleId: text("module_id").notNull(),
    managedBy: text("managed_by"),
    ...identityAndTwinColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.deviceId, t.moduleId] }),
    index("modules_reported_gin").using("gin", t.reported.op("jsonb_path_ops")),
    // Serves `module_id = …` lookups as well as prefix search: a second, default-opclass index on
    // the same column only cost every non-HOT row update one more index insert.
    index("modules_id_prefix").on(t.moduleId.op("text_pattern_ops")),
    index("modules_connected_node").on(t.connectedNode).where(CONNECTED),
  ],
);
