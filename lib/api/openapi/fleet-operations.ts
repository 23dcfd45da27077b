import { can } from "@/lib/api/permissions";
import { auth, deviceMissing, jsonBody, server, type ErrorCase, type OperationSpec } from "./operation-spec";

const forbidden: ErrorCase = ["Forbidden", "The role lacks the action, or a cookie-authenticated request came from another origin"];
const querySyntax: ErrorCase = [
  "ArgumentInvalid",
  "Syntax error in `filter.query` (`details.position` is the 0-based offset into the text sent, `details.path` is `query`), or a bad sort key, column path or cursor (`details.path` names it)",
];
const object = { schema: { type: "object" } } as const;

/** The console's fleet browser: table pages, counts and facets, bulk tag patches, saved views, delete preview. */
export const fleetOperations: OperationSpec[] = [
  {
    method: "post", path: "/fleet/page", operationId: "listFleetPage", tag: "Query", permission: can.query,
    summary: "One keyset page of the device table: filter, sort, twin columns",
    description: "Paged by (sort key, deviceId), never OFFSET: pass the returned `cursor` with the same filter and sort for the next page (null on the last). Each row has identity fields, edge runtime health from `$edgeAgent` reported (edge devices), tags and the requested twin `values`.",
    body: { schema: "FleetPageQuery", description: "Filter, sort, columns, page size, cursor", example: { filter: { query: "tags.site = 'berlin'", connection: "Connected" }, sort: { key: "tags.site", dir: "desc" }, columns: ["properties.reported.firmware"], pageSize: 50 } },
    responses: [{ status: 200, description: "`{ items, cursor }`", body: object }],
    errors: [...jsonBody, querySyntax, auth, forbidden, server],
  },
  {
    method: "post", path: "/fleet/summary", operationId: "summarizeFleet", tag: "Query", permission: can.query,
    summary: "How many devices match a filter, with facets on their most common tags",
    body: { schema: "FleetSummaryQuery", description: "The filter" },
    responses: [{ status: 200, description: "`{ total, facets: [{ key, devices, values: [{ value, count }] }] }`", body: object }],
    errors: [...jsonBody, querySyntax, auth, forbidden, server],
  },
  {
    method: "post", path: "/fleet/bulk-tags", operationId: "bulkPatchTags", tag: "Twins", permission: can.writeTwins,
    summary: "Apply a tag merge patch to every device matching a filter (dry run first)",
    description: "`dryRun: true` writes nothing and answers 200 with counts (total, changed, unchanged, rejected) and the first 20 changes (touched keys before/after). `dryRun: false` answers 202 with a job; it applies in batches of 500 devices, each batch one transaction (tags, twin version, twin_revisions, audit, change feed, job progress). Devices whose tags would not change are skipped, so re-running a patch resumes an interrupted job.",
    body: { schema: "BulkTagPatch", description: "Filter, merge patch, dry run flag", example: { filter: { query: "tags.site = 'berlin'" }, tags: { owner: "line-team" }, dryRun: true } },
    responses: [
      { status: 200, description: "Dry run result", body: object },
      { status: 202, description: "The job, started", body: object },
    ],
    errors: [...jsonBody, querySyntax, ["ArgumentInvalid", "The patch breaks a twin rule (key, depth, value size); `details.path` names the key"], auth, forbidden, server],
  },
  {
    method: "get", path: "/fleet/bulk-tags/{jobId}", operationId: "getBulkTagJob", tag: "Twins", permission: can.readTwins,
    summary: "Progress of a bulk tag job",
    responses: [{ status: 200, description: "`{ id, status: running|completed|failed, total, processed, changed, rejected, error }`", body: object }],
    errors: [auth, forbidden, ["NotFound", "No such job"], server],
  },
  {
    method: "get", path: "/devices/{deviceId}/delete-impact", operationId: "getDeleteImpact", tag: "Identity registry", permission: can.readRegistry,
    summary: "What deleting a device would remove: its modules, and the deployments targeting it",
    description: "`deployments` lists the deployments targeting the device (Applied or Targeted); `tracked` is always true.",
    responses: [{ status: 200, description: "`{ deviceId, edge, modules: [{ moduleId, managedBy }], deployments: { tracked, items } }`", body: object }],
    errors: [auth, forbidden, deviceMissing, server],
  },
  {
    method: "get", path: "/devices/{deviceId}/pending-operations", operationId: "listDevicePendingOperations", tag: "Devices", permission: can.readTwins,
    summary: "Operations aimed at a device that it has not received yet, and the latest receipts (EdgeDeck extension)",
    description: "Pending, oldest first: desired writes of the device and its modules above the desired `$version` the hub delivered (pushed on `$iothub/twin/PATCH/properties/desired` or answered to a twin GET); direct method calls waiting for a connection (`connectTimeoutInSeconds`) or for the answer; the deployment its `$edgeAgent` has not acted on (reported `lastDesiredVersion` below desired `$version`). Receipts, newest first (at most 20): delivered desired writes, answered/expired/failed method calls, the applied deployment.",
    responses: [{ status: 200, description: "`{ deviceId, connectionState, pending: [{ kind, moduleId, what, desiredVersion, revision, methodCallId, methodName, deploymentIds, requestedBy, queuedAt, expiresAt, status }], receipts: [{ kind, moduleId, what, …, deliveredAt, finishedAt, outcome, statusCode, errorCode }] }`", body: object }],
    errors: [auth, forbidden, deviceMissing, server],
  },
  {
    method: "get", path: "/fleet/pending-operations", operationId: "listFleetPendingOperations", tag: "Devices", permission: can.readTwins,
    summary: "Devices with pending operations, counts per kind and the oldest queued time (EdgeDeck extension)",
    description: "Keyset-paged by device id: pass `nextCursor` for the next page (null on the last).",
    parameters: ["pendingLimit", "pendingCursor"],
    responses: [{ status: 200, description: "`{ items: [{ deviceId, connectionState, desired, methods, deployments, oldestQueuedAt }], nextCursor }`", body: object }],
    errors: [["ArgumentInvalid", "`limit` is not a whole number from 1 to 500, `cursor` was not returned by this API, or an unknown parameter; `details.path` names it"], auth, forbidden, server],
  },
  {
    method: "get", path: "/views", operationId: "listSavedViews", tag: "Operator access", permission: "session",
    summary: "Your saved fleet views",
    responses: [{ status: 200, description: "`[{ id, name, state, createdAt }]`", body: { schema: { type: "array", items: { type: "object" } } } }],
    errors: [auth, ["Forbidden", "Not a signed-in operator"], server],
  },
  {
    method: "post", path: "/views", operationId: "createSavedView", tag: "Operator access", permission: "session",
    summary: "Save a fleet view (name + the table's URL state)",
    body: { schema: "SavedViewInput", description: "Name and state", example: { name: "Berlin offline", state: "q=tags.site+%3D+%27berlin%27&conn=Disconnected" } },
    responses: [{ status: 201, description: "The view", body: object }],
    errors: [...jsonBody, auth, ["Forbidden", "Not a signed-in operator, or a cross-site request"], ["Conflict", "You have a view by that name"], server],
  },
  {
    method: "delete", path: "/views/{viewId}", operationId: "deleteSavedView", tag: "Operator access", permission: "session",
    summary: "Delete one of your saved views",
    responses: [{ status: 204, description: "Deleted" }],
    errors: [auth, ["Forbidden", "Not a signed-in operator, or a cross-site request"], ["NotFound", "No such view of yours"], server],
  },
];
