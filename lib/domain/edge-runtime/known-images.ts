/**
 * The images a simulated device can "pull" when no registry source says otherwise: the Microsoft
 * runtime and sample images plus the demo fleet's. A repository matches with one of its tags;
 * `*` accepts any tag. An image without a tag means `:latest` (reference §6.1).
 */
export type KnownImage = {
  repository: string;
  tags: readonly string[];
  /** For the console's built-in catalog (lib/domain/registry/catalog.ts). */
  description?: string;
  /** `os/architecture[/variant]` the image is published for. */
  platforms?: readonly string[];
};

const RUNTIME_PLATFORMS = ["linux/amd64", "linux/arm64", "linux/arm/v7"] as const;
const SAMPLE_PLATFORMS = ["linux/amd64", "linux/arm64"] as const;

export const BUILT_IN_IMAGES: readonly KnownImage[] = [
  { repository: "mcr.microsoft.com/azureiotedge-agent", tags: ["1.4", "1.5", "latest"], description: "The IoT Edge agent: pulls, starts and watches the modules of a deployment", platforms: RUNTIME_PLATFORMS },
  { repository: "mcr.microsoft.com/azureiotedge-hub", tags: ["1.4", "1.5", "latest"], description: "The IoT Edge hub: local MQTT/AMQP broker, message routes and store-and-forward", platforms: RUNTIME_PLATFORMS },
  { repository: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor", tags: ["1.0", "1.4", "1.5", "latest"], description: "Sample module sending simulated machine and ambient temperature telemetry", platforms: RUNTIME_PLATFORMS },
  { repository: "mcr.microsoft.com/iotedge/opc-publisher", tags: ["2.8", "2.9", "latest"], description: "OPC UA publisher: subscribes to OPC UA servers and forwards value changes", platforms: RUNTIME_PLATFORMS },
  { repository: "mcr.microsoft.com/azureiotedge-api-proxy", tags: ["1.1", "latest"], description: "Nested-edge API proxy: routes HTTP traffic (image pulls, blob uploads) through parent devices", platforms: RUNTIME_PLATFORMS },
  { repository: "mcr.microsoft.com/azure-blob-storage", tags: ["latest"], description: "Azure Blob Storage on IoT Edge: local block blob storage with tiering to the cloud", platforms: RUNTIME_PLATFORMS },
  { repository: "edgedeck/samples/local-historian", tags: ["0.4.2", "latest"], description: "EdgeDeck sample: stores telemetry locally and answers range queries", platforms: SAMPLE_PLATFORMS },
  { repository: "edgedeck/samples/anomaly-filter", tags: ["1.2.0", "latest"], description: "EdgeDeck sample: forwards only readings outside a learned band", platforms: SAMPLE_PLATFORMS },
  { repository: "edgedeck/samples/camera-capture", tags: ["0.9.1", "latest"], description: "EdgeDeck sample: captures frames from an RTSP or USB camera", platforms: SAMPLE_PLATFORMS },
  { repository: "edgedeck/samples/vision-inference", tags: ["2.1.0", "latest"], description: "EdgeDeck sample: runs an ONNX vision model on captured frames", platforms: SAMPLE_PLATFORMS },
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
