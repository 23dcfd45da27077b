import { sql } from "drizzle-orm";
import { CATALOG_ID, CATALOG_NAME, openSecretWithKeys, sealSecret } from "@/lib/domain/registry";
import { AppError } from "@/lib/domain/errors";
import { env } from "@/lib/env";
import { RegistryClient, RegistryRequestError } from "@/lib/registry/oci-client";
import { getSecretKeys } from "@/lib/registry/secret-key";
import type { RegistrySource } from "@/lib/schemas/registries";
import { getStore, rowsOf, type Executor } from "./store";
import { parseDbTime } from "./timestamps";

/** Shared by the registry data functions: the row, its DTO (never the password) and a client for it. */
export type RegistryRow = {
  id: string;
  name: string;
  url: string;
  host: string;
  username: string | null;
  sealed_password: string | null;
  auth_scheme: string | null;
  created_at: string | Date;
  last_checked_at: string | Date | null;
  last_error: string | null;
  repositories_cached_at: string | Date | null;
};

export const isoOrNull = (value: string | Date | null | undefined) => parseDbTime(value)?.toISOString() ?? null;

export const CATALOG_SOURCE: RegistrySource = {
  id: CATALOG_ID,
  name: CATALOG_NAME,
  url: "",
  host: "",
  username: null,
  hasPassword: false,
  builtIn: true,
  createdTimeUtc: new Date(0).toISOString(),
  lastCheckedAt: null,
  lastError: null,
  authScheme: null,
  repositoriesCachedAt: null,
};

export const toRegistrySource = (row: RegistryRow): RegistrySource => ({
  id: row.id,
  name: row.name,
  url: row.url,
  host: row.host,
  username: row.username,
  hasPassword: row.sealed_password !== null,
  builtIn: false,
  createdTimeUtc: isoOrNull(row.created_at) ?? "",
  lastCheckedAt: isoOrNull(row.last_checked_at),
  lastError: row.last_error,
  authScheme: (row.auth_scheme as RegistrySource["authScheme"]) ?? null,
  repositoriesCachedAt: isoOrNull(row.repositories_cached_at),
});

export async function findRegistryRow(id: string, executor?: Executor): Promise<RegistryRow> {
  const db = executor ?? (await getStore()).db;
  const [row] = await rowsOf<RegistryRow>(db, sql`select * from registries where id = ${id}`);
  if (!row) throw new AppError("NotFound", `No registry source '${id}'`, { path: "id" });
  return row;
}

export async function clientFor(row: RegistryRow): Promise<RegistryClient> {
  const password = await unsealPassword(row, await getSecretKeys());
  return new RegistryClient({
    url: row.url,
    username: row.username,
    password,
    timeoutMs: env.REGISTRY_TIMEOUT_SECONDS * 1000,
    // A registry known to want basic auth gets it on the first request instead of after a 401.
    preferBasic: row.auth_scheme === "basic",
  });
}

/**
 * The source's password, opened with the current key or a previous one (`keys[0]` is current); one
 * opened with a previous key is sealed again under the current key, so rotation completes as
 * sources are used (docs/registries.md).
 */
export async function unsealPassword(row: Pick<RegistryRow, "id" | "sealed_password">, keys: Buffer[]): Promise<string | null> {
  if (row.sealed_password === null) return null;
  const { plaintext, keyIndex } = openSecretWithKeys(row.sealed_password, keys, row.id);
  if (keyIndex > 0) {
    const { db } = await getStore();
    const resealed = sealSecret(plaintext, keys[0]!, row.id);
    // Only if nobody changed it meanwhile.
    await rowsOf(db, sql`update registries set sealed_password = ${resealed} where id = ${row.id} and sealed_password = ${row.sealed_password}`);
  }
  return plaintext;
}

/** A failed registry call as the API reports it: 404 for a missing repository or tag, else 502. */
export function registryFailure(error: unknown, row: Pick<RegistryRow, "id" | "name">): unknown {
  if (!(error instanceof RegistryRequestError)) return error;
  if (error.kind === "not-found") return new AppError("NotFound", `${error.message} (${row.name})`, { registryId: row.id });
  return new AppError("RegistryError", `${row.name}: ${error.message}`, { registryId: row.id, reason: error.kind, status: error.status });
}
