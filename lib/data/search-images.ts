import { sql } from "drizzle-orm";
import { CATALOG_ID, CATALOG_NAME, catalogHost, catalogImageRef, imageRef, searchCatalog } from "@/lib/domain/registry";
import type { ImageSearchItem } from "@/lib/schemas/registries";
import { getStore, rowsOf } from "./store";

/**
 * Images whose repository contains `q`, across the built-in catalog and the repositories cached from
 * each source (no registry is contacted: open a source once, or refresh it, to make it searchable).
 * `tags` are those known so far. At most `limit` items, the catalog's first.
 */
export async function searchImages(q: string, limit = 50): Promise<{ items: ImageSearchItem[] }> {
  const catalog: ImageSearchItem[] = searchCatalog(q).map((i) => ({
    registryId: CATALOG_ID,
    registryName: CATALOG_NAME,
    host: catalogHost(i.repository),
    repository: i.repository,
    imageRef: catalogImageRef(i.repository),
    tags: i.tags,
    description: i.description,
  }));
  const needle = q.trim().toLowerCase();
  const { db } = await getStore();
  const rows = await rowsOf<{ registry_id: string; name: string; host: string; repository: string; tags: string[] | null }>(
    db,
    sql`select i.registry_id, r.name, r.host, i.repository, i.tags from registry_images i join registries r on r.id = i.registry_id
      ${needle ? sql`where strpos(lower(i.repository), ${needle}) > 0` : sql``}
      order by r.name, i.repository limit ${limit}`,
  );
  const cached = rows.map((r) => ({
    registryId: r.registry_id,
    registryName: r.name,
    host: r.host,
    repository: r.repository,
    imageRef: imageRef(r.host, r.repository),
    tags: r.tags ?? [],
    description: null,
  }));
  return { items: [...catalog, ...cached].slice(0, limit) };
}
