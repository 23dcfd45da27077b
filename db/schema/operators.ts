import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "string" });

/** Console operators. Usernames are stored lower-case. */
export const users = pgTable("users", {
  id: text("id").primaryKey(),
  username: text("username").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  role: text("role").notNull(),
  disabled: boolean("disabled").notNull().default(false),
  createdAt: ts("created_at").notNull().defaultNow(),
  passwordChangedAt: ts("password_changed_at").notNull().defaultNow(),
});

/** Server-side sessions; the cookie carries a random token, the table only its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    clientAddress: text("client_address"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** Failed-login counters per (username, client address) pair. */
export const loginThrottle = pgTable(
  "login_throttle",
  {
    username: text("username").notNull(),
    clientAddress: text("client_address").notNull(),
    failures: integer("failures").notNull(),
    windowStartedAt: ts("window_started_at").notNull(),
    lockedUntil: ts("locked_until"),
  },
  (t) => [primaryKey({ columns: [t.username, t.clientAddress] })],
);

/** Who changed what: every mutation, login and failed login, secrets redacted. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: ts("at").notNull().defaultNow(),
    actor: text("actor").notNull(),
    clientAddress: text("client_address"),
    action: text("action").notNull(),
    targetKind: text("target_kind").notNull(),
    targetId: text("target_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    /** For twin writes: the twin_revisions row, so the console can show the diff. */
    revisionId: bigint("revision_id", { mode: "number" }),
    outcome: text("outcome").notNull().default("success"),
  },
  (t) => [index("audit_log_at").on(t.at), index("audit_log_target").on(t.targetKind, t.targetId), index("audit_log_actor").on(t.actor)],
);
