import { cloneJson, isJsonObject, type JsonObject } from "../twins";
import { DESIRED_KEY, isLayeredContent } from "./layered";
import type { ModulesContent } from "./types";

/**
 * Fills what tools always write and edgeHub needs (reference §6.4, §13 "Default TTL"): a base
 * `$edgeHub` without storeAndForwardConfiguration.timeToLiveSecs gets 7200 (edgeHub's own default
 * when the section is missing is "never expire"), and without `routes` an empty map (required from
 * schema 1.1). Layers are left alone: these come from their base.
 */
export const DEFAULT_TIME_TO_LIVE_SECS = 7200;

export function applyManifestDefaults(mc: ModulesContent): { modulesContent: ModulesContent; applied: string[] } {
  const applied: string[] = [];
  const hub = mc.$edgeHub?.[DESIRED_KEY];
  if (isLayeredContent(mc) || !isJsonObject(hub)) return { modulesContent: mc, applied };
  const desired: JsonObject = cloneJson(hub);
  if (!isJsonObject(desired.routes)) {
    desired.routes = {};
    applied.push(`$edgeHub.${DESIRED_KEY}.routes = {}`);
  }
  const store = isJsonObject(desired.storeAndForwardConfiguration) ? desired.storeAndForwardConfiguration : {};
  if (store.timeToLiveSecs === undefined) {
    desired.storeAndForwardConfiguration = { ...store, timeToLiveSecs: DEFAULT_TIME_TO_LIVE_SECS };
    applied.push(`$edgeHub.${DESIRED_KEY}.storeAndForwardConfiguration.timeToLiveSecs = ${DEFAULT_TIME_TO_LIVE_SECS}`);
  }
  if (applied.length === 0) return { modulesContent: mc, applied };
  return { modulesContent: { ...mc, $edgeHub: { ...mc.$edgeHub, [DESIRED_KEY]: desired } }, applied };
}
