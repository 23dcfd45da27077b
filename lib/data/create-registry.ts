import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { CATALOG_NAME, normalizeRegistryUrl, sealSecret } from "@/lib/domain/registry";
import { getSecretKey } from "@/lib/registry/secret-key";
import type { RegistryCreate, RegistrySource } from "@/lib/schemas/registries";
import type { WriteContext } from "./create-or-update-device";
import { insertAuditSql } from "./record-audit";
import { toRegistrySource, type RegistryRow } from "./registry-sources";
import { getStore, rowsOf } from "./store";

/**
 * Adds a registry source. Nothing is fetched here (POST …/test does that), so a source can be added
 * before its registry is up. The password is sealed under the secret key with the row id as
 * associated data; the audit entry records the source without it.
 */
export async function createRegistry(input: RegistryCreate, context: WriteContext): Promise<RegistrySource> {
  const { url, host } = normalizeRegistryUrl(input.url);
  const name = input.name.trim();
  if (name.toLowerCase() === CATALOG_NAME.toLowerCase()) {
    throw new AppError("Conflict", `'${name}' is the built-in catalog's name`, { path: "name", field: "name" });
  }
  const username = input.username?.trim() || null;
  if (input.password && !username) {
    throw new AppError("ArgumentInvalid", "A password needs a username", { path: "username", field: "username" });
  }
  const id = randomUUID();
  const sealed = input.password ? sealSecret(input.password, await getSecretKey(), id) : null;
  const { db } = await getStore();
  return db.transaction(async (tx) => {
    const [row] = await rowsOf<RegistryRow>(
      tx,
      sql`insert into registries (id, name, url, host, username, sealed_password, created_at, created_by)
        values (${id}, ${name}, ${url}, ${host}, ${username}, ${sealed}, ${context.now.toISOString()}, ${context.actor})
        on conflict (name) do nothing returning *`,
    );
    if (!row) throw new AppError("Conflict", `A registry source named '${name}' exists`, { path: "name", field: "name" });
    const after = { name, url, username, hasPassword: sealed !== null };
    await rowsOf(
      tx,
      insertAuditSql({ actor: context.actor, clientAddress: context.clientAddress, action: "registry.create", targetKind: "registry", targetId: id, after }, sql`null`),
    );
    return toRegistrySource(row);
  });
}
