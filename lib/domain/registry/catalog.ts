import { BUILT_IN_IMAGES, type KnownImage } from "../edge-runtime/known-images";
import { imageRef } from "./registry-url";

/**
 * The built-in image catalog: the registry source with id `catalog`, always present and read-only,
 * so that deployments can be composed with no registry configured. It is the simulator's list of
 * known images (edge-runtime/known-images.ts), so what the console offers is what a simulated device
 * can pull. Repository names carry their registry host (`mcr.microsoft.com/azureiotedge-agent`).
 */
export const CATALOG_ID = "catalog";
export const CATALOG_NAME = "Built-in catalog";

export type CatalogImage = { repository: string; tags: string[]; description: string | null; platforms: string[] };

export const catalogImages = (images: readonly KnownImage[] = BUILT_IN_IMAGES): CatalogImage[] =>
  images.map((i) => ({
    repository: i.repository,
    tags: i.tags.filter((t) => t !== "*"),
    description: i.description ?? null,
    platforms: [...(i.platforms ?? [])],
  }));

/** Case-insensitive substring match on the repository name and description. */
export function searchCatalog(q: string, images = catalogImages()): CatalogImage[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return images;
  return images.filter((i) => i.repository.toLowerCase().includes(needle) || (i.description ?? "").toLowerCase().includes(needle));
}

/** The registry host of a catalog repository (`mcr.microsoft.com`), or "" for a Docker Hub style name. */
export function catalogHost(repository: string): string {
  const first = repository.split("/")[0]!;
  return repository.includes("/") && /[.:]/.test(first) ? first : "";
}

/** The catalog's image reference is the repository itself: its name already holds the host. */
export const catalogImageRef = (repository: string, reference?: string) => imageRef("", repository, reference);
