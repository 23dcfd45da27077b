import { isJsonObject, type JsonValue } from "../twins";

/**
 * Which registry an image is pulled from, by Docker's reference rules: the first path component is
 * a host when it has a `.` or `:` or is `localhost`; otherwise the image is on Docker Hub.
 */
export const DEFAULT_PUBLIC_REGISTRY_HOSTS = ["mcr.microsoft.com", "docker.io"];
const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);

export function normalizeRegistryHost(address: string): string {
  const host = address.trim().replace(/^[a-z]+:\/\//i, "").split("/")[0]!.toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? "docker.io" : host;
}

export function imageRegistryHost(image: string): string {
  const trimmed = image.trim();
  const slash = trimmed.indexOf("/");
  if (slash < 0) return "docker.io";
  const first = trimmed.slice(0, slash);
  return /[.:]/.test(first) || first === "localhost" ? normalizeRegistryHost(first) : "docker.io";
}

/** Whether an image names a tag or digest; without either, Docker pulls `:latest` (reference §6.1). */
export function hasTagOrDigest(image: string): boolean {
  const lastSegment = image.trim().split("/").pop()!;
  return lastSegment.includes(":") || lastSegment.includes("@");
}

/** The normalised hosts of `runtime.settings.registryCredentials`. */
export function credentialHosts(registryCredentials: JsonValue | undefined): Set<string> {
  const hosts = new Set<string>();
  if (!isJsonObject(registryCredentials)) return hosts;
  for (const credential of Object.values(registryCredentials)) {
    if (isJsonObject(credential) && typeof credential.address === "string") hosts.add(normalizeRegistryHost(credential.address));
  }
  return hosts;
}
