import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { CATALOG_ID, catalogImages, compareTags } from "@/lib/domain/registry";
import type { NameList } from "@/lib/schemas/registries";
import { clientFor, findRegistryRow, isoOrNull, registryFailure } from "./registry-sources";
import { getStore, rowsOf } from "./store";

/** A repository's tags, from the cache unless none are cached yet or `refresh` is asked. */
export async function listRegistryTags(id: string, repository: string, options: { refresh?: boolean; now: Date }): Promise<NameList> {
  if (id === CATALOG_ID) {
    const image = catalogImages().find((i) => i.repository === repository);
    if (!image) throw new AppError("NotFound", `The built-in catalog has no repository '${repository}'`, { path: "repository" });
    return { items: image.tags.map((name) => ({ name })), cachedAt: null };
  }
  const row = await findRegistryRow(id);
  const { db } = await getStore();
  const [cached] = await rowsOf<{ tags: string[] | null; tags_cached_at: string | Date | null }>(
    db,
    sql`select tags, tags_cached_at from registry_images where registry_id = ${id} and repository = ${repository}`,
  );
  if (cached?.tags && !options.refresh) return { items: cached.tags.map((name) => ({ name })), cachedAt: isoOrNull(cached.tags_cached_at) };
  let tags: string[];
  try {
    tags = (await (await clientFor(row)).listTags(repository)).sort(compareTags);
  } catch (error) {
    throw registryFailure(error, row);
  }
  const at = options.now.toISOString();
  // The repository may not be in the cached catalog (a registry that hides _catalog): add it.
  await rowsOf(
    db,
    sql`insert into registry_images (registry_id, repository, tags, tags_cached_at, cached_at)
      select ${id}, ${repository}, ${JSON.stringify(tags)}::jsonb, ${at}::timestamptz, ${at}::timestamptz
      where exists (select 1 from registries where id = ${id})
      on conflict (registry_id, repository) do update set tags = excluded.tags, tags_cached_at = excluded.tags_cached_at`,
  );
  return { items: tags.map((name) => ({ name })), cachedAt: at };
}

