import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { CATALOG_ID, searchCatalog } from "@/lib/domain/registry";
import type { NameList } from "@/lib/schemas/registries";
import { clientFor, findRegistryRow, isoOrNull, registryFailure, type RegistryRow } from "./registry-sources";
import { getStore, rowsOf } from "./store";

/**
 * A source's repositories, from the cache unless it is empty or `refresh` is asked; a refresh
 * replaces the cached list (tag lists of repositories still present are kept). `q` filters by
 * substring, case-insensitively, after the cache.
 */
export async function listRegistryRepositories(id: string, options: { q?: string; refresh?: boolean; now: Date }): Promise<NameList> {
  if (id === CATALOG_ID) return { items: searchCatalog(options.q ?? "").map((i) => ({ name: i.repository })), cachedAt: null };
  let row = await findRegistryRow(id);
  if (options.refresh || row.repositories_cached_at === null) row = await refreshRepositories(row, options.now);
  const { db } = await getStore();
  const needle = (options.q ?? "").trim().toLowerCase();
  const rows = await rowsOf<{ repository: string }>(
    db,
    sql`select repository from registry_images where registry_id = ${id}
      ${needle ? sql`and strpos(lower(repository), ${needle}) > 0` : sql``} order by repository`,
  );
  return { items: rows.map((r) => ({ name: r.repository })), cachedAt: isoOrNull(row.repositories_cached_at) };
}

async function refreshRepositories(row: RegistryRow, now: Date): Promise<RegistryRow> {
  const client = await clientFor(row);
  let names: string[];
  try {
    names = await client.listRepositories();
  } catch (error) {
    throw registryFailure(error, row);
  }
  const { db } = await getStore();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    // One refresh of a source at a time (two would delete and upsert the same rows in any order);
    // a source removed meanwhile has nothing left to cache.
    const [locked] = await rowsOf(tx, sql`select id from registries where id = ${row.id} for update`);
    if (!locked) throw new AppError("NotFound", `No registry source '${row.id}'`, { path: "id" });
    // Lists travel as one JSON parameter: the same SQL on postgres.js and PGlite, whatever the length.
    await rowsOf(
      tx,
      sql`delete from registry_images where registry_id = ${row.id}
        and repository not in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb))`,
    );
    for (let i = 0; i < names.length; i += 500) {
      const chunk = names.slice(i, i + 500);
      await rowsOf(
        tx,
        sql`insert into registry_images (registry_id, repository, cached_at)
          select ${row.id}, r, ${at}::timestamptz from jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb) as r
          on conflict (registry_id, repository) do update set cached_at = excluded.cached_at`,
      );
    }
    const [updated] = await rowsOf<RegistryRow>(
      tx,
      sql`update registries set repositories_cached_at = ${at}, auth_scheme = ${client.authScheme} where id = ${row.id} returning *`,
    );
    return updated ?? row;
  });
}
