import { can } from "@/lib/api/permissions";
import { auth, server, type OperationSpec } from "./operation-spec";

const int = { type: "integer", minimum: 0 };
const str = { type: "string" };
const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: "null" }] });
const list = (items: Record<string, unknown>) => ({ type: "array", items });
const bucket = { type: "object", properties: { bucket: { enum: ["under5m", "under1h", "under1d", "longer", "never"] }, count: int } };

const fleetStatistics = {
  type: "object",
  properties: {
    generatedAt: { type: "string", format: "date-time" },
    devices: {
      type: "object",
      properties: { total: int, connected: int, disconnected: int, disabled: int, edge: int, onlineFor: list(bucket), offlineFor: list(bucket) },
    },
    runtimes: {
      type: "object",
      description: "Edge runtimes (`$edgeAgent` twins) by reported `lastDesiredStatus.code` (null: not reported)",
      properties: {
        total: int,
        stale: {
          type: "object",
          description: "Runtimes whose reported statuses are stale: `$edgeAgent` offline, or connected but silent for longer than STATUS_STALE_SECONDS",
          properties: { offline: int, old: int, staleAfterSeconds: int },
        },
        byLastDesiredStatus: list({ type: "object", properties: { code: nullable({ type: "integer" }), count: int } }),
        failing: {
          type: "object",
          properties: {
            total: int,
            items: list({ type: "object", properties: { deviceId: str, code: { type: "integer" }, description: str, since: nullable(str), deviceConnected: { type: "boolean" } } }),
          },
        },
      },
    },
    modules: {
      type: "object",
      description: "Modules of `$edgeAgent` reported `modules.*` by `runtimeStatus`, with up to 20 module names per status",
      properties: {
        total: int,
        byRuntimeStatus: list({
          type: "object",
          properties: { status: str, count: int, moduleNameCount: int, names: list({ type: "object", properties: { name: str, count: int } }) },
        }),
        failing: {
          type: "object",
          properties: {
            total: int,
            items: list({
              type: "object",
              properties: {
                deviceId: str, moduleName: str, runtimeStatus: str, statusDescription: str, exitCode: nullable({ type: "number" }),
                lastExitTimeUtc: nullable(str), since: nullable(str), deviceConnected: { type: "boolean" },
              },
            }),
          },
        },
      },
    },
    failuresByHour: {
      type: "object",
      properties: { hours: int, source: { const: "twin_revisions" }, buckets: list({ type: "object", properties: { hoursAgo: int, count: int } }) },
    },
    deployments: {
      type: "object",
      description: "Deployments still rolling out: applied somewhere and not every applied device reports success (at most 20)",
      properties: {
        available: { type: "boolean" },
        inProgress: list({ type: "object", properties: { id: str, priority: { type: "integer" }, targeted: int, applied: int, succeeded: int, failed: int } }),
      },
    },
  },
};

const searchResult = {
  type: "object",
  properties: {
    devices: list({ type: "object", properties: { deviceId: str, edge: { type: "boolean" }, connectionState: str } }),
    modules: list({ type: "object", properties: { deviceId: str, moduleId: str } }),
  },
};

const dataLossRiskPage = {
  type: "object",
  properties: {
    items: list({
      type: "object",
      properties: {
        deviceId: str,
        connectionState: { enum: ["Connected", "Disconnected"], description: "The device's `$edgeAgent` connection" },
        connectionStateUpdatedTime: nullable({ type: "string", format: "date-time" }),
        queueLength: int,
        oldestAgeSecs: nullable({ type: "number" }),
        timeToLiveSecs: nullable({ type: "number" }),
        secondsUntilFirstExpiry: nullable({ type: "number" }),
        droppedByTtl: int,
        refusedForSpace: int,
        storageBytes: int,
        maxSizeBytes: nullable({ type: "number" }),
        usedPercent: nullable({ type: "number" }),
        riskTier: { enum: [0, 1], description: "0: already refusing or dropping messages; 1: messages stored" },
        reportedAt: nullable({ type: "string", format: "date-time" }),
      },
    }),
    total: int,
    limit: int,
    offset: int,
    nextOffset: nullable(int),
  },
};

/** Read models of the operator console: the dashboard's aggregate and the command palette's search. */
export const consoleOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/statistics/fleet",
    operationId: "getFleetStatistics",
    tag: "Devices",
    summary: "Fleet health for the dashboard",
    description:
      "Devices connected/disconnected with how long; edge runtimes by `$edgeAgent` reported `lastDesiredStatus.code`; modules by reported `runtimeStatus`; the failing runtimes (codes 400, 412, 417, 500) and modules (failed, backoff, unhealthy, dead) with their reason and since when (at most 20 each, newest first); failing-module reports per hour over the last 12 hours (from the `$edgeAgent` reported patches in the twin history). Set-based SQL: one scan of devices and of the `$edgeAgent` rows.",
    permission: can.readTwins,
    responses: [{ status: 200, description: "Fleet health", body: { schema: fleetStatistics } }],
    errors: [["ArgumentInvalid", "An unknown query parameter"], auth, server],
  },
  {
    method: "get",
    path: "/fleet/data-loss-risk",
    operationId: "listDataLossRisk",
    tag: "Devices",
    summary: "Edge devices by risk of losing stored messages",
    description:
      "Edge devices whose `$edgeHub` reports stored messages (`storeAndForward.queueLength` > 0), most at risk first: those already refusing (store full) or dropping by TTL, then the least time until the first stored message expires (the reported figure aged to now), then the highest storage use, then device id. Query parameters: `limit` (1-500, default 50) and `offset` (default 0). `reportedAt` is when `$edgeHub` last reported its store (the status age).",
    permission: can.readTwins,
    responses: [{ status: 200, description: "One page of the at-risk list", body: { schema: dataLossRiskPage } }],
    errors: [["ArgumentInvalid", "`limit` is not 1-500, `offset` is negative or not an integer, or an unknown parameter"], auth, server],
  },
  {
    method: "get",
    path: "/search",
    operationId: "searchIdentities",
    tag: "Devices",
    summary: "Devices and modules whose id starts with a prefix",
    description:
      "Query parameters: `q` (the prefix, 0-128 characters, case-sensitive; empty lists the first ids) and `limit` (1-50, default 10, per kind). Ids in code-point order; index range scans only.",
    permission: can.readRegistry,
    responses: [{ status: 200, description: "Matching devices and modules", body: { schema: searchResult } }],
    errors: [["ArgumentInvalid", "`q` is missing or longer than 128 characters, `limit` is not 1-50, or an unknown parameter"], auth, server],
  },
];
