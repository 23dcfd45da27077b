import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./operators";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "string" });

/** An operator's saved fleet views: a name and the table's URL state (filter, sort, columns). */
export const savedViews = pgTable(
  "saved_views",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    state: text("state").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("saved_views_user_name").on(t.userId, t.name)],
);

/**
 * Bulk tag patches. Each batch updates its devices and this row's counters and cursor in one
 * transaction, so the row always tells exactly how far the job got.
 */
export const bulkJobs = pgTable(
  "bulk_jobs",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    actor: text("actor").notNull(),
    filter: jsonb("filter").notNull(),
    patch: jsonb("patch").notNull(),
    status: text("status").notNull(),
    total: bigint("total", { mode: "number" }).notNull(),
    processed: bigint("processed", { mode: "number" }).notNull().default(0),
    changed: bigint("changed", { mode: "number" }).notNull().default(0),
    rejected: bigint("rejected", { mode: "number" }).notNull().default(0),
    cursor: text("cursor"),
    error: text("error"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("bulk_jobs_created").on(t.createdAt)],
);
