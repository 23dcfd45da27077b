import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "string" });

/**
 * Registry sources an admin added (the built-in catalog is code, not a row). The password is sealed
 * with AES-256-GCM (lib/domain/registry/secret-box.ts) under the secret key; it never leaves the
 * server. `repositories_cached_at` is when the repository list below was last read from the registry.
 */
export const registries = pgTable(
  "registries",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    host: text("host").notNull(),
    username: text("username"),
    sealedPassword: text("sealed_password"),
    authScheme: text("auth_scheme"),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: text("created_by").notNull(),
    lastCheckedAt: ts("last_checked_at"),
    lastError: text("last_error"),
    repositoriesCachedAt: ts("repositories_cached_at"),
  },
  (t) => [uniqueIndex("registries_name").on(t.name)],
);

/** The cached repositories of each source, with their tag lists once someone opened them. */
export const registryImages = pgTable(
  "registry_images",
  {
    registryId: text("registry_id")
      .notNull()
      .references(() => registries.id, { onDelete: "cascade" }),
    repository: text("repository").notNull(),
    tags: jsonb("tags").$type<string[]>(),
    tagsCachedAt: ts("tags_cached_at"),
    cachedAt: ts("cached_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.registryId, t.repository] }), index("registry_images_repository").on(t.repository)],
);

/** Details of one tag or digest (digest, platforms, config) as last read from the registry. */
export const registryManifests = pgTable(
  "registry_manifests",
  {
    registryId: text("registry_id")
      .notNull()
      .references(() => registries.id, { onDelete: "cascade" }),
    repository: text("repository").notNull(),
    reference: text("reference").notNull(),
    details: jsonb("details").notNull(),
    cachedAt: ts("cached_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.registryId, t.repository, t.reference] })],
);
