import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** The change feed: one row per state change, written in the same transaction as the change. */
export const changes = pgTable(
  "changes",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    deviceId: text("device_id"),
    moduleId: text("module_id"),
    version: bigint("version", { mode: "number" }),
    /** Small, JSON-safe summary of the change (never a whole twin). */
    payload: jsonb("payload"),
    at: timestamp("at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  },
  // No index on `at`: nothing reads the feed by time (consumers resume by seq), and the index cost
  // every twin write one more insert.
);

/**
 * Every accepted twin write: powers history, diff and revert. `twin_version` (the twin's version
 * after a service write, shared by the tags and desired rows of one write) names a revision in the
 * history API; `snapshot` is the whole section after the write, so history and revert need no replay
 * of patches. Both are null for reported rows (devices report often; the console never reverts them)
 * and for rows written before migration 0004_twin_history.
 *
 * A deployment replaces one document on thousands of twins at once: those rows name it by
 * `document_id` (in `twin_documents`, stored once per write statement) and leave `patch` and
 * `snapshot` null, since after a replace both are that document. Read revisions through the
 * `twin_revisions_resolved` view (migration 0015), which fills both in.
 */
export const twinRevisions = pgTable(
  "twin_revisions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deviceId: text("device_id").notNull(),
    moduleId: text("module_id").notNull().default(""),
    section: text("section").notNull(),
    version: integer("version").notNull(),
    operation: text("operation").notNull(),
    /** Null when `document_id` is set (the replaced document is shared, see above). */
    patch: jsonb("patch"),
    actor: text("actor").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    twinVersion: bigint("twin_version", { mode: "number" }),
    snapshot: jsonb("snapshot"),
    /** `twin_documents.id`, without a foreign key: each one would lock the document row per revision. */
    documentId: bigint("document_id", { mode: "number" }),
  },
  (t) => [
    index("twin_revisions_target").on(t.deviceId, t.moduleId, t.section, t.version),
    index("twin_revisions_history").on(t.deviceId, t.moduleId, t.twinVersion),
    // The dashboard's "failures over the last hours" reads recent $edgeAgent reported patches only.
    index("twin_revisions_agent_reported_at").on(t.at).where(sql`module_id = '$edgeAgent' and section = 'reported'`),
  ],
);

/**
 * A desired document that a deployment wrote to many twins in one statement, stored once for all
 * their revision rows (`twin_revisions.document_id`). Written and never updated; like revisions,
 * never pruned.
 */
export const twinDocuments = pgTable("twin_documents", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  doc: jsonb("doc").notNull(),
});
