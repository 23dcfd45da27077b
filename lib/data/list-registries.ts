import { sql } from "drizzle-orm";
import type { RegistrySource } from "@/lib/schemas/registries";
import { CATALOG_SOURCE, toRegistrySource, type RegistryRow } from "./registry-sources";
import { getStore, rowsOf } from "./store";

/** The built-in catalog first, then the added sources by name. */
export async function listRegistries(): Promise<RegistrySource[]> {
  const { db } = await getStore();
  const rows = await rowsOf<RegistryRow>(db, sql`select * from registries order by name, id`);
  return [CATALOG_SOURCE, ...rows.map(toRegistrySource)];
}
