import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { CATALOG_ID } from "@/lib/domain/registry";
import type { WriteContext } from "./create-or-update-device";
import { insertAuditSql } from "./record-audit";
import type { RegistryRow } from "./registry-sources";
import { getStore, rowsOf } from "./store";

/** Removes a source with its cached repositories, tags and manifests (foreign keys cascade). */
export async function deleteRegistry(id: string, context: WriteContext): Promise<void> {
  if (id === CATALOG_ID) throw new AppError("ArgumentInvalid", "The built-in catalog cannot be removed", { path: "id", field: "id" });
  const { db } = await getStore();
  await db.transaction(async (tx) => {
    const [row] = await rowsOf<RegistryRow>(tx, sql`delete from registries where id = ${id} returning *`);
    if (!row) throw new AppError("NotFound", `No registry source '${id}'`, { path: "id" });
    const before = { name: row.name, url: row.url, username: row.username, hasPassword: row.sealed_password !== null };
    await rowsOf(
      tx,
      insertAuditSql({ actor: context.actor, clientAddress: context.clientAddress, action: "registry.delete", targetKind: "registry", targetId: id, before }, sql`null`),
    );
  });
}
