/**
 * Manifests and image configs of the OCI image spec and Docker's schema 2, reduced to what the
 * console shows: for an index (multi-platform image) its platforms; for an image its config blob's
 * digest; for a config its creation time, labels, exposed ports and environment.
 */
export const MEDIA_TYPES = {
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
} as const;

/** What a client sends in Accept so that a registry answers with any of the four. */
export const MANIFEST_ACCEPT = Object.values(MEDIA_TYPES).join(", ");

export type Platform = { os: string; architecture: string; variant: string | null; digest: string };
export type ParsedManifest =
  | { kind: "index"; mediaType: string; platforms: Platform[] }
  | { kind: "image"; mediaType: string; configDigest: string | null };
export type ImageConfig = {
  created: string | null;
  labels: Record<string, string>;
  exposedPorts: string[];
  env: string[];
  os: string | null;
  architecture: string | null;
  variant: string | null;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** `headerType` is the Content-Type the registry sent; the document's own mediaType wins when present. */
export function parseManifest(document: unknown, headerType: string | null): ParsedManifest {
  if (!isObject(document)) throw new Error("The manifest is not a JSON object");
  const mediaType = str(document.mediaType) ?? str(headerType?.split(";")[0]?.trim()) ?? "";
  const isIndex = mediaType === MEDIA_TYPES.dockerList || mediaType === MEDIA_TYPES.ociIndex || (!mediaType && Array.isArray(document.manifests));
  if (isIndex) {
    const manifests = Array.isArray(document.manifests) ? document.manifests : [];
    const platforms = manifests.filter(isObject).flatMap((m): Platform[] => {
      const p = isObject(m.platform) ? m.platform : {};
      const digest = str(m.digest);
      const os = str(p.os);
      const architecture = str(p.architecture);
      // Attestation manifests (BuildKit) claim `unknown/unknown`: not a platform one can run.
      if (!digest || !os || !architecture || os === "unknown") return [];
      return [{ os, architecture, variant: str(p.variant), digest }];
    });
    return { kind: "index", mediaType: mediaType || MEDIA_TYPES.ociIndex, platforms };
  }
  const config = isObject(document.config) ? str(document.config.digest) : null;
  return { kind: "image", mediaType: mediaType || MEDIA_TYPES.ociManifest, configDigest: config };
}

export function parseImageConfig(document: unknown): ImageConfig {
  const root = isObject(document) ? document : {};
  const config = isObject(root.config) ? root.config : {};
  const labels = isObject(config.Labels)
    ? Object.fromEntries(Object.entries(config.Labels).filter((e): e is [string, string] => typeof e[1] === "string"))
    : {};
  const exposedPorts = isObject(config.ExposedPorts) ? Object.keys(config.ExposedPorts).sort() : [];
  const env = Array.isArray(config.Env) ? config.Env.filter((e): e is string => typeof e === "string") : [];
  return {
    created: str(root.created),
    labels,
    exposedPorts,
    env,
    os: str(root.os),
    architecture: str(root.architecture),
    variant: str(root.variant),
  };
}

/** `linux/arm64/v8` as people write it. */
export const platformName = (p: Pick<Platform, "os" | "architecture" | "variant">) =>
  [p.os, p.architecture, p.variant].filter(Boolean).join("/");
