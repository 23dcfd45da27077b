/**
 * The images a simulated device can "pull" when no registry source says otherwise: the Microsoft
 * runtime and sample images plus the demo fleet's. A repository matches with one of its tags;
 * `*` accepts any tag. An image without a tag means `:latest` (reference §6.1).
 */
export type KnownImage = { repository: string; tags: readonly string[] };

export const BUILT_IN_IMAGES: readonly KnownImage[] = [
  { repository: "mcr.microsoft.com/azureiotedge-agent", tags: ["1.4", "1.5", "latest"] },
  { repository: "mcr.microsoft.com/azureiotedge-hub", tags: ["1.4", "1.5", "latest"] },
  { repository: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor", tags: ["1.0", "1.4", "1.5", "latest"] },
  { repository: "mcr.microsoft.com/iotedge/opc-publisher", tags: ["2.8", "2.9", "latest"] },
  { repository: "mcr.microsoft.com/azureiotedge-api-proxy", tags: ["1.1", "latest"] },
  { repository: "mcr.microsoft.com/azure-blob-storage", tags: ["latest"] },
  { repository: "edgedeck/samples/local-historian", tags: ["0.4.2", "latest"] },
  { repository: "edgedeck/samples/anomaly-filter", tags: ["1.2.0", "latest"] },
  { repository: "edgedeck/samples/camera-capture", tags: ["0.9.1", "latest"] },
  { repository: "edgedeck/samples/vision-inference", tags: ["2.1.0", "latest"] },
];

/** `repo[:tag][@digest]` ⇒ repository and tag (`latest` when none); a `:port` in the registry host is not a tag. */
export function splitImage(image: string): { repository: string; tag: string } {
  const withoutDigest = image.split("@")[0]!;
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  if (colon > slash) return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
  return { repository: withoutDigest, tag: "latest" };
}

export function isKnownImage(image: string, known: readonly KnownImage[]): boolean {
  const { repository, tag } = splitImage(image.trim());
  return known.some((k) => k.repository === repository && (k.tags.includes("*") || k.tags.includes(tag)));
}
