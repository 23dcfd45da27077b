import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { CATALOG_ID, catalogImageRef, catalogImages, imageRef, parseImageConfig, parseManifest, type ImageConfig } from "@/lib/domain/registry";
import type { RegistryClient } from "@/lib/registry/oci-client";
import type { ImageDetails } from "@/lib/schemas/registries";
import { clientFor, findRegistryRow, isoOrNull, registryFailure } from "./registry-sources";
import { getStore, rowsOf } from "./store";

/**
 * One tag's (or digest's) details: digest, media type, platforms and the image config (created,
 * labels, exposed ports, env). For an index the config shown is the first linux/amd64 image's (else
 * the first platform's), which is what most edge devices run. Cached per reference; `refresh` reads
 * the registry again (a tag can move).
 */
export async function getRegistryImage(
  id: string,
  repository: string,
  reference: string,
  options: { refresh?: boolean; now: Date },
): Promise<ImageDetails> {
  if (id === CATALOG_ID) return catalogDetails(repository, reference);
  const row = await findRegistryRow(id);
  const { db } = await getStore();
  if (!options.refresh) {
    const [cached] = await rowsOf<{ details: Omit<ImageDetails, "cachedAt">; cached_at: string | Date }>(
      db,
      sql`select details, cached_at from registry_manifests where registry_id = ${id} and repository = ${repository} and reference = ${reference}`,
    );
    if (cached) return { ...cached.details, cachedAt: isoOrNull(cached.cached_at) };
  }
  let details: Omit<ImageDetails, "cachedAt">;
  try {
    details = await readDetails(await clientFor(row), row.host, repository, reference);
  } catch (error) {
    throw registryFailure(error, row);
  }
  const at = options.now.toISOString();
  await rowsOf(
    db,
    sql`insert into registry_manifests (registry_id, repository, reference, details, cached_at)
      select ${id}, ${repository}, ${reference}, ${JSON.stringify(details)}::jsonb, ${at}::timestamptz
      where exists (select 1 from registries where id = ${id})
      on conflict (registry_id, repository, reference) do update set details = excluded.details, cached_at = excluded.cached_at`,
  );
  return { ...details, cachedAt: at };
}

async function readDetails(client: RegistryClient, host: string, repository: string, reference: string): Promise<Omit<ImageDetails, "cachedAt">> {
  const top = await client.getManifest(repository, reference);
  const parsed = parseManifest(top.document, top.contentType);
  let config: ImageConfig | null = null;
  let platforms: ImageDetails["platforms"];
  if (parsed.kind === "index") {
    platforms = parsed.platforms;
    const pick = parsed.platforms.find((p) => p.os === "linux" && p.architecture === "amd64") ?? parsed.platforms[0];
    if (pick) {
      const child = parseManifest((await client.getManifest(repository, pick.digest)).document, null);
      if (child.kind === "image" && child.configDigest) config = parseImageConfig(await client.getJsonBlob(repository, child.configDigest));
    }
  } else {
    if (parsed.configDigest) config = parseImageConfig(await client.getJsonBlob(repository, parsed.configDigest));
    platforms = config?.os && config.architecture ? [{ os: config.os, architecture: config.architecture, variant: config.variant, digest: top.digest }] : [];
  }
  return {
    repository,
    reference,
    digest: top.digest,
    mediaType: parsed.mediaType,
    platforms,
    config: config && { created: config.created, labels: config.labels, exposedPorts: config.exposedPorts, env: config.env },
    imageRef: imageRef(host, repository, reference),
    description: config?.labels["org.opencontainers.image.description"] ?? null,
  };
}

/** The catalog knows names, tags, platforms and a description; no digest or config. */
function catalogDetails(repository: string, reference: string): ImageDetails {
  const image = catalogImages().find((i) => i.repository === repository);
  if (!image || !image.tags.includes(reference)) {
    throw new AppError("NotFound", `The built-in catalog has no image '${catalogImageRef(repository, reference)}'`, { path: "reference" });
  }
  return {
    repository,
    reference,
    digest: null,
    mediaType: null,
    platforms: image.platforms.map((p) => {
      const [os = "", architecture = "", variant = null] = p.split("/");
      return { os, architecture, variant, digest: null };
    }),
    config: null,
    imageRef: catalogImageRef(repository, reference),
    description: image.description,
    cachedAt: null,
  };
}
