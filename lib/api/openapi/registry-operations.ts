import { can } from "@/lib/api/permissions";
import { auth, jsonBody, server, type ErrorCase, type OperationSpec } from "./operation-spec";

const str = { type: "string" };
const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: "null" }] });
const list = (items: Record<string, unknown>) => ({ type: "array", items });
const tag = "Registries" as const;
const forbidden: ErrorCase = ["Forbidden", "The role lacks the action, or a cookie-authenticated request came from another origin"];
const missing: ErrorCase = ["NotFound", "No such registry source (or repository, tag or digest in it)"];
const upstream: ErrorCase = ["RegistryError", "The registry did not answer in REGISTRY_TIMEOUT_SECONDS, refused the stored credentials, or sent something unreadable; `details.reason` says which"];
const badQuery: ErrorCase = ["ArgumentInvalid", "A query parameter is missing or malformed (repository name, tag or digest), or unknown; `details.path` names it"];

const source = {
  type: "object",
  properties: {
    id: str, name: str, url: str, host: str, username: nullable(str), hasPassword: { type: "boolean" }, builtIn: { type: "boolean" },
    createdTimeUtc: { type: "string", format: "date-time" }, lastCheckedAt: nullable(str), lastError: nullable(str),
    authScheme: nullable({ enum: ["anonymous", "basic", "bearer"] }), repositoriesCachedAt: nullable(str),
  },
};
const nameList = { type: "object", properties: { items: list({ type: "object", properties: { name: str } }), cachedAt: nullable(str) } };
const platform = { type: "object", properties: { os: str, architecture: str, variant: nullable(str), digest: nullable(str) } };
const image = {
  type: "object",
  properties: {
    repository: str, reference: str, digest: nullable(str), mediaType: nullable(str), platforms: list(platform),
    config: nullable({
      type: "object",
      properties: { created: nullable(str), labels: { type: "object", additionalProperties: str }, exposedPorts: list(str), env: list(str) },
    }),
    imageRef: str, description: nullable(str), cachedAt: nullable(str),
  },
};
const searchItem = {
  type: "object",
  properties: { registryId: str, registryName: str, host: str, repository: str, imageRef: str, tags: list(str), description: nullable(str) },
};

/** Registry sources (docs/registries.md): the built-in catalog (id `catalog`) and OCI registries. */
export const registryOperations: OperationSpec[] = [
  {
    method: "get", path: "/registries", operationId: "listRegistries", tag, permission: can.readRegistry,
    summary: "The built-in catalog and the added registry sources (never a password: `hasPassword` only)",
    responses: [{ status: 200, description: "Sources, the catalog first", body: { schema: list(source) } }],
    errors: [auth, forbidden, server],
  },
  {
    method: "post", path: "/registries", operationId: "createRegistry", tag, permission: can.manageRegistries,
    summary: "Add a registry source (admins only: the hub will fetch this URL)",
    description: "Nothing is fetched when adding; use `POST /registries/{registryId}/test`. The password is stored encrypted (AES-256-GCM).",
    body: { schema: "RegistryCreate", description: "Name, URL and optional credentials", example: { name: "lab", url: "http://127.0.0.1:5000" } },
    responses: [{ status: 201, description: "Added", body: { schema: source } }],
    errors: [...jsonBody, ["ArgumentInvalid", "Not an http(s) origin, credentials in the URL, or a password without a username; `details.field` names it"],
      auth, forbidden, ["Conflict", "A source with this name exists"], server],
  },
  {
    method: "delete", path: "/registries/{registryId}", operationId: "deleteRegistry", tag, permission: can.manageRegistries,
    summary: "Remove a registry source and its cache",
    responses: [{ status: 204, description: "Removed" }],
    errors: [["ArgumentInvalid", "The built-in catalog cannot be removed"], auth, forbidden, missing, server],
  },
  {
    method: "post", path: "/registries/{registryId}/test", operationId: "testRegistry", tag, permission: can.manageRegistries,
    summary: "Check that the hub can reach and sign in to the registry (`GET /v2/`)",
    description: "A failure is reported in the body (`ok: false`, `message`), and kept as the source's `lastError`.",
    responses: [{ status: 200, description: "Outcome", body: { schema: { type: "object", properties: { ok: { type: "boolean" }, message: str, authScheme: { enum: ["anonymous", "basic", "bearer"] } } } } }],
    errors: [auth, forbidden, missing, server],
  },
  {
    method: "get", path: "/registries/{registryId}/repositories", operationId: "listRegistryRepositories", tag, permission: can.readRegistry,
    summary: "Repositories of a source (cached; `refresh=1` reads the registry's catalog again)",
    description: "Query parameters: `q` (substring, case-insensitive) and `refresh` (`1`). `cachedAt` is when the list was read.",
    responses: [{ status: 200, description: "Repository names", body: { schema: nameList } }],
    errors: [badQuery, auth, forbidden, missing, upstream, server],
  },
  {
    method: "get", path: "/registries/{registryId}/tags", operationId: "listRegistryTags", tag, permission: can.readRegistry,
    summary: "Tags of a repository (cached; `refresh=1` reads them again)",
    description: "Query parameters: `repository` (required) and `refresh`. Tags in natural order, `latest` first.",
    responses: [{ status: 200, description: "Tag names", body: { schema: nameList } }],
    errors: [badQuery, auth, forbidden, missing, upstream, server],
  },
  {
    method: "get", path: "/registries/{registryId}/image", operationId: "getRegistryImage", tag, permission: can.readRegistry,
    summary: "A tag's or digest's details: digest, platforms, created, labels, exposed ports, env",
    description: "Query parameters: `repository`, `reference` (tag or `sha256:` digest), `refresh`. For a multi-platform index the config is linux/amd64's (else the first platform's). The catalog has no digest or config (null).",
    responses: [{ status: 200, description: "Image details", body: { schema: image } }],
    errors: [badQuery, auth, forbidden, missing, upstream, server],
  },
  {
    method: "get", path: "/images", operationId: "searchImages", tag, permission: can.readRegistry,
    summary: "Search images across the built-in catalog and the cached repositories of every source",
    description: "Query parameters: `q` (substring of the repository, case-insensitive) and `limit` (1-200, default 50). No registry is contacted.",
    responses: [{ status: 200, description: "Matching images with the tags known so far", body: { schema: { type: "object", properties: { items: list(searchItem) } } } }],
    errors: [badQuery, auth, forbidden, server],
  },
];
