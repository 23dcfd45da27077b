import type { JsonObject, JsonValue } from "@/lib/domain/twins";
import type { ModulesContent } from "./deployment-types";

/**
 * The composer's editable form of a deployment. composer-draft-write.ts maps it to the configuration
 * the API takes, composer-draft-read.ts back from a stored or imported `modulesContent` ("Edit a
 * copy", "Import manifest"). Validation is not done here: the domain's linter runs as you type
 * (draft-lint.tsx) and the review step asks the server (POST /api/configurations/validate).
 */
export type EnvVar = { name: string; value: string };
export type ModuleDraft = {
  name: string;
  image: string;
  /** The manifest digest the image was resolved to (pinned when the image is `repo@digest`). */
  digest: string;
  version: string;
  status: "running" | "stopped";
  restartPolicy: "always" | "on-failure" | "on-unhealthy" | "never";
  startupOrder: string;
  imagePullPolicy: "" | "on-create" | "never";
  env: EnvVar[];
  /** Container create options as the operator types them (one JSON document, unchunked). */
  createOptions: string;
  /** The module twin's desired properties, JSON text ("" = leave the module twin alone). */
  desired: string;
  /** The entry this module was read from (copy, import): fields the form does not show are kept. */
  origin?: JsonObject;
  /** The module twin entry's other keys (a layer's dotted `properties.desired.<path>`), kept as read. */
  twinExtra?: JsonObject;
};
export type RegistryCredential = { name: string; address: string; username: string; password: string };
export type RouteDraft = { name: string; route: string; priority: string; ttl: string };
export type Pair = { key: string; value: string };

export type ComposerDraft = {
  id: string;
  layered: boolean;
  agentImage: string;
  hubImage: string;
  minDockerVersion: string;
  loggingOptions: string;
  registryCredentials: RegistryCredential[];
  modules: ModuleDraft[];
  routes: RouteDraft[];
  storeTtl: string;
  targetCondition: string;
  priority: string;
  labels: Pair[];
  metrics: Pair[];
  /** The content this draft was read from (copy, import): parts the composer does not model are kept. */
  source?: ModulesContent;
};

export const emptyModule = (name: string, image = ""): ModuleDraft => ({
  name,
  image,
  digest: "",
  version: "1.0",
  status: "running",
  restartPolicy: "always",
  startupOrder: "",
  imagePullPolicy: "",
  env: [],
  createOptions: "",
  desired: "",
});

export const emptyDraft = (): ComposerDraft => ({
  id: "",
  layered: false,
  agentImage: "mcr.microsoft.com/azureiotedge-agent:1.5",
  hubImage: "mcr.microsoft.com/azureiotedge-hub:1.5",
  minDockerVersion: "v1.25",
  loggingOptions: "",
  registryCredentials: [],
  modules: [],
  routes: [{ name: "upstream", route: "FROM /messages/* INTO $upstream", priority: "", ttl: "" }],
  storeTtl: "7200",
  targetCondition: "*",
  priority: "10",
  labels: [],
  metrics: [],
});

export const parseJson = (text: string): JsonValue | undefined => {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
};
export const obj = (v: unknown): JsonObject => (v && typeof v === "object" && !Array.isArray(v) ? (v as JsonObject) : {});
export const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : typeof v === "number" ? String(v) : fallback);

export const LAYER_MODULE_KEY = /^properties\.desired\.modules\.([^.]+)$/;
export const LAYER_ROUTE_KEY = /^properties\.desired\.routes\.([^.]+)$/;

/** The module definitions of a manifest, base or layered: [name, entry]. */
export function moduleDefinitions(mc: ModulesContent): [string, JsonObject][] {
  const agent = obj(mc.$edgeAgent);
  if (agent["properties.desired"]) return Object.entries(obj(obj(agent["properties.desired"]).modules)).map(([k, v]) => [k, obj(v)]);
  return Object.entries(agent).flatMap(([k, v]): [string, JsonObject][] => {
    const match = LAYER_MODULE_KEY.exec(k);
    return match ? [[match[1]!, obj(v)]] : [];
  });
}
export const sourceModuleNames = (mc: ModulesContent) => moduleDefinitions(mc).map(([name]) => name);
