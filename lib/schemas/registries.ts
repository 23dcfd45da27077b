import { z } from "zod";
import { REFERENCE_PATTERN, REPOSITORY_PATTERN } from "@/lib/domain/registry/registry-url";

/** Registry sources (docs/registries.md): the add form and the browse queries. */
export const registryCreateSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "name is required")
    .max(64)
    .regex(/^[^\p{Cc}]+$/u, "name must not contain control characters")
    .describe("Unique display name"),
  url: z
    .string()
    .trim()
    .min(1, "url is required")
    .max(2048)
    .describe("Registry origin, e.g. https://registry.example.com or http://127.0.0.1:5000 (a bare host means https)"),
  username: z.string().max(256).nullish().describe("For basic or token authentication; omit for anonymous"),
  password: z.string().max(8192).nullish().describe("Stored encrypted (AES-256-GCM), never returned"),
});
export type RegistryCreate = z.infer<typeof registryCreateSchema>;

export const repositoryNameSchema = z.string().max(512).regex(REPOSITORY_PATTERN, "not a repository name");
export const referenceSchema = z.string().max(200).regex(REFERENCE_PATTERN, "not a tag or digest");

/** What the console's forms and lists read back (mirrors the route DTOs). */
export type RegistrySource = {
  id: string;
  name: string;
  url: string;
  host: string;
  username: string | null;
  hasPassword: boolean;
  builtIn: boolean;
  createdTimeUtc: string;
  lastCheckedAt: string | null;
  lastError: string | null;
  authScheme: "anonymous" | "basic" | "bearer" | null;
  repositoriesCachedAt: string | null;
};

export type RegistryTestResult = { ok: boolean; message: string; authScheme: "anonymous" | "basic" | "bearer" };
export type NameList = { items: Array<{ name: string }>; cachedAt: string | null };
export type ImagePlatform = { os: string; architecture: string; variant: string | null; digest: string | null };
export type ImageDetails = {
  repository: string;
  reference: string;
  digest: string | null;
  mediaType: string | null;
  platforms: ImagePlatform[];
  config: { created: string | null; labels: Record<string, string>; exposedPorts: string[]; env: string[] } | null;
  imageRef: string;
  description: string | null;
  cachedAt: string | null;
};
export type ImageSearchItem = {
  registryId: string;
  registryName: string;
  host: string;
  repository: string;
  imageRef: string;
  tags: string[];
  description: string | null;
};

const apiVersion = { "api-version": z.string().optional() };
const refreshFlag = z.enum(["0", "1", "true", "false"]).optional().describe("1: read the registry again instead of the cache");

export const repositoriesQuerySchema = z.strictObject({ q: z.string().max(256).optional(), refresh: refreshFlag, ...apiVersion });
export const tagsQuerySchema = z.strictObject({ repository: repositoryNameSchema, refresh: refreshFlag, ...apiVersion });
export const imageQuerySchema = z.strictObject({ repository: repositoryNameSchema, reference: referenceSchema, refresh: refreshFlag, ...apiVersion });
export const imageSearchQuerySchema = z.strictObject({
  q: z.string().max(256).default(""),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  ...apiVersion,
});
export const isRefresh = (flag: string | undefined) => flag === "1" || flag === "true";
