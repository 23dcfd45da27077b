import { sql } from "drizzle-orm";
import { CATALOG_ID } from "@/lib/domain/registry";
import { RegistryRequestError } from "@/lib/registry/oci-client";
import type { RegistryTestResult } from "@/lib/schemas/registries";
import { clientFor, findRegistryRow } from "./registry-sources";
import { getStore, rowsOf } from "./store";

/**
 * Checks a source: `GET /v2/` with its credentials, answering the registry's challenge. A failure is
 * a result (ok false, the reason), not an error; the outcome is kept as lastCheckedAt/lastError.
 */
export async function testRegistry(id: string, now: Date): Promise<RegistryTestResult> {
  if (id === CATALOG_ID) return { ok: true, message: "The built-in catalog is always available", authScheme: "anonymous" };
  const row = await findRegistryRow(id);
  const client = await clientFor(row);
  let result: RegistryTestResult;
  try {
    await client.ping();
    result = { ok: true, message: `Connected to ${row.host} (${client.authScheme})`, authScheme: client.authScheme };
  } catch (error) {
    if (!(error instanceof RegistryRequestError)) throw error;
    result = { ok: false, message: error.message, authScheme: client.authScheme };
  }
  const { db } = await getStore();
  await rowsOf(
    db,
    sql`update registries set last_checked_at = ${now.toISOString()}, last_error = ${result.ok ? null : result.message},
      auth_scheme = ${result.ok ? result.authScheme : row.auth_scheme} where id = ${id}`,
  );
  return result;
}
