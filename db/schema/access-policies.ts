import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Hub-level shared access policies (reference §3.3). */
export const accessPolicies = pgTable("access_policies", {
  keyName: text("key_name").primaryKey(),
  primaryKey: text("primary_key").notNull(),
  secondaryKey: text("secondary_key").notNull(),
  rights: jsonb("rights").$type<string[]>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
});
