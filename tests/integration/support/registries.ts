import { startTestRegistry, type RegistryAuth, type TestRegistry } from "../../../scripts/test-registry.mjs";

/**
 * Throwaway registries for the registry tests, each with the same small images pushed over the
 * HTTP API: a single-platform Docker image with labels, ports and env, an OCI index and a Docker
 * manifest list (multi-platform), and enough repositories to need Link paging (page size 100).
 */
export type SeededRegistry = TestRegistry & { digests: Record<string, string> };

export const SINGLE = { repository: "samples/sensor", tag: "1.0.0" };
export const OCI_INDEX = { repository: "samples/multi-oci", tag: "2.0" };
export const DOCKER_LIST = { repository: "samples/multi-docker", tag: "3.1" };

export async function startSeededRegistry(auth: RegistryAuth, options: { manyRepositories?: number } = {}): Promise<SeededRegistry> {
  const registry = await startTestRegistry({ auth, username: "edge-reader", password: "pw-registry-test-42" });
  try {
    const digests: Record<string, string> = {};
    digests.single = await registry.pushImage({
      ...SINGLE,
      labels: { "org.opencontainers.image.description": "Sensor sample", "com.example.team": "edge" },
      exposedPorts: ["8080/tcp", "5683/udp"],
      env: ["LOG_LEVEL=info", "PATH=/usr/bin"],
    });
    await registry.pushImage({ ...SINGLE, tag: "latest" });
    await registry.pushImage({ ...SINGLE, tag: "1.10.0" });
    await registry.pushImage({ ...SINGLE, tag: "1.9.0" });
    digests.ociIndex = await registry.pushImage({ ...OCI_INDEX, platforms: ["linux/amd64", "linux/arm64"], format: "oci", labels: { kind: "oci" } });
    digests.dockerList = await registry.pushImage({ ...DOCKER_LIST, platforms: ["linux/amd64", "linux/arm64/v8"], format: "docker" });
    for (let i = 0; i < (options.manyRepositories ?? 0); i++) {
      await registry.pushImage({ repository: `bulk/repo-${String(i).padStart(3, "0")}`, tag: "v1" });
    }
    return Object.assign(registry, { digests });
  } catch (error) {
    await registry.stop();
    throw error;
  }
}
