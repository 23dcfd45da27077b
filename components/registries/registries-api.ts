import { api } from "@/components/ui/api-client";
import type { ImageDetails, NameList, RegistrySource, RegistryTestResult } from "@/lib/schemas/registries";

/** Query keys and fetchers of the registries page; a refresh reads the registry, then seeds the cache. */
const enc = encodeURIComponent;

export const registryKeys = {
  sources: ["registries"] as const,
  repositories: (id: string) => ["registries", id, "repositories"] as const,
  tags: (id: string, repository: string) => ["registries", id, "tags", repository] as const,
  image: (id: string, repository: string, reference: string) => ["registries", id, "image", repository, reference] as const,
};

export const fetchSources = () => api<RegistrySource[]>("/registries");
export const fetchRepositories = (id: string, refresh = false) =>
  api<NameList>(`/registries/${enc(id)}/repositories${refresh ? "?refresh=1" : ""}`);
export const fetchTags = (id: string, repository: string, refresh = false) =>
  api<NameList>(`/registries/${enc(id)}/tags?repository=${enc(repository)}${refresh ? "&refresh=1" : ""}`);
export const fetchImage = (id: string, repository: string, reference: string, refresh = false) =>
  api<ImageDetails>(`/registries/${enc(id)}/image?repository=${enc(repository)}&reference=${enc(reference)}${refresh ? "&refresh=1" : ""}`);
export const addSource = (body: { name: string; url: string; username?: string; password?: string }) =>
  api<RegistrySource>("/registries", { method: "POST", body });
export const removeSource = (id: string) => api<void>(`/registries/${enc(id)}`, { method: "DELETE" });
export const testSource = (id: string) => api<RegistryTestResult>(`/registries/${enc(id)}/test`, { method: "POST" });

/** "5 minutes ago" style, for cache ages. */
export function cachedLabel(cachedAt: string | null): string {
  if (!cachedAt) return "built in";
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(cachedAt)) / 1000));
  if (seconds < 60) return "read just now";
  if (seconds < 3600) return `read ${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `read ${Math.round(seconds / 3600)} h ago`;
  return `read ${new Date(cachedAt).toLocaleDateString()}`;
}
