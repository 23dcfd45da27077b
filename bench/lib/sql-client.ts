import postgres from "postgres";
import { postgresTarget } from "@/lib/domain/postgres-url";

/**
 * A postgres.js client for a database URL as the hub reads it: a Unix-socket URL
 * (`?host=/folder`, see lib/domain/postgres-url.ts) reaches the same socket the hub uses, so a
 * baseline and EdgeDeck always talk to PostgreSQL the same way.
 */
export function connectSql(databaseUrl: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}) {
  const { url, socketDir } = postgresTarget(databaseUrl);
  return postgres(url, { ...(socketDir ? { host: socketDir } : {}), onnotice: () => {}, ...options });
}
