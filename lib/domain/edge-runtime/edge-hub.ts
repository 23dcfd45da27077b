import { isJsonObject, type JsonObject } from "../twins";
import { isSupportedSchemaVersion } from "./agent-desired";
import type { DesiredStatusReport, RuntimeIdentity } from "./reported";
import { SIMULATED_RUNTIME } from "./reported";
import { queueName, type StoreStats } from "./store-and-forward";
import type { StoreSettings } from "./store-and-forward-config";

/**
 * edgeHub's side (reference §6.4, §7, §8.3): whether its desired properties parse, the reported
 * document with the client list, and which outputs each module sends on according to the routes.
 */
export function edgeHubDesiredStatus(desired: JsonObject): DesiredStatusReport {
  const version = desired.schemaVersion;
  if (typeof version !== "string" || !isSupportedSchemaVersion(version, 3)) {
    return { code: 400, description: `Error while parsing desired properties - schemaVersion ${JSON.stringify(version ?? null)} is not supported` };
  }
  if (desired.routes !== undefined && !isJsonObject(desired.routes)) {
    return { code: 400, description: "Error while parsing desired properties - routes must be an object" };
  }
  return { code: 200, description: "" };
}

/** `.`, `$` and space are escaped in client keys (TwinManager.EncodeTwinKey). */
export const encodeClientKey = (clientId: string) => clientId.replace(/\./g, "%2E").replace(/\$/g, "%24").replace(/ /g, "%20");

export type ClientState = { connected: boolean; at: number };

export function buildEdgeHubReported(input: {
  lastDesiredVersion: number;
  lastDesiredStatus: DesiredStatusReport;
  clients: ReadonlyMap<string, ClientState>;
  runtime?: RuntimeIdentity;
  storeAndForward?: JsonObject;
}): JsonObject {
  const clients: JsonObject = {};
  for (const [clientId, state] of [...input.clients].sort(([a], [b]) => (a < b ? -1 : 1))) {
    clients[encodeClientKey(clientId)] = state.connected
      ? { status: "Connected", lastConnectedTimeUtc: new Date(state.at).toISOString() }
      : { status: "Disconnected", lastDisconnectedTimeUtc: new Date(state.at).toISOString() };
  }
  return {
    schemaVersion: "1.0",
    version: { ...(input.runtime ?? SIMULATED_RUNTIME).version },
    lastDesiredVersion: input.lastDesiredVersion,
    lastDesiredStatus: { ...input.lastDesiredStatus },
    clients,
    ...(input.storeAndForward ? { storeAndForward: input.storeAndForward } : {}),
  };
}

const utc = (ms: number) => new Date(ms).toISOString();

/**
 * The simulator's `storeAndForward` reported object (not in edgeHub's §8.3 document, which exposes
 * these numbers as metrics only; docs/simulator.md). Queues are keyed by edgeHub's queue names
 * without the `$` twin keys may not hold (`upstream_Pri0`, `upstream` for the default priority).
 * Absent values (nothing stored, nothing that can expire, no cap) are left out.
 */
export function buildStoreAndForwardReported(stats: StoreStats, settings: StoreSettings, now: number): JsonObject {
  const queues: JsonObject = {};
  for (const q of stats.queues) {
    queues[encodeClientKey(queueName(q.endpoint, q.priority).replace(/^\$/, ""))] = {
      endpoint: q.endpoint,
      priority: q.priority,
      length: q.length,
      bytes: q.bytes,
      oldestAgeSecs: q.oldestAgeSecs,
      ...(q.timeUntilFirstExpirySecs === null ? {} : { timeUntilFirstExpirySecs: q.timeUntilFirstExpirySecs }),
    };
  }
  return {
    timeToLiveSecs: settings.timeToLiveSecs,
    ...(settings.maxSizeBytes === null ? {} : { maxSizeBytes: settings.maxSizeBytes }),
    queueLength: stats.queueLength,
    storageBytes: stats.storageBytes,
    ...(stats.oldestAgeSecs === null ? {} : { oldestAgeSecs: stats.oldestAgeSecs, oldestEnqueuedTimeUtc: utc(now - stats.oldestAgeSecs * 1000) }),
    ...(stats.timeUntilFirstExpirySecs === null ? {} : { timeUntilFirstExpirySecs: stats.timeUntilFirstExpirySecs, firstExpiryTimeUtc: utc(now + stats.timeUntilFirstExpirySecs * 1000) }),
    droppedByTtl: stats.droppedByTtl,
    refusedForSpace: stats.refusedForSpace,
    forwarded: stats.forwarded,
    queues,
    reportedTimeUtc: utc(now),
  };
}

const ROUTE_SOURCE = /\bFROM\s+(\S+)/i;

/**
 * The outputs a module sends on: every `/messages/modules/{m}/outputs/{o}` named by a route source.
 * Wildcard sources (`/messages/*`, `…/outputs/*`) name no output, so the module's default is used.
 */
export function moduleOutputs(routes: JsonObject | undefined, moduleName: string, fallback: string): string[] {
  const outputs = new Set<string>();
  for (const route of Object.values(routes ?? {})) {
    const text = typeof route === "string" ? route : isJsonObject(route) && typeof route.route === "string" ? route.route : "";
    const source = ROUTE_SOURCE.exec(text)?.[1] ?? "";
    const m = /^\/messages\/modules\/([^/]+)\/outputs\/([^/*]+)$/i.exec(source);
    if (m && m[1]!.toLowerCase() === moduleName.toLowerCase()) outputs.add(m[2]!);
  }
  return outputs.size ? [...outputs].sort() : [fallback];
}
