import { can } from "@/lib/api/permissions";
import { auth, deviceMissing, jsonBody, server, type ErrorCase, type OperationSpec } from "./operation-spec";

const forbidden: ErrorCase = ["Forbidden", "The role lacks the action, or a cookie-authenticated request came from another origin"];
const missing: ErrorCase = ["ConfigurationNotFound", "No deployment with this id"];
const manifest: ErrorCase = [
  "ArgumentInvalid",
  "The manifest breaks the schema of its schemaVersion, a route does not parse, a desired section breaks a twin rule, or more than 50 modules: `details.problems` lists each `{ severity, code, path, message, offset? }`",
];
const condition: ErrorCase = ["ArgumentInvalid", "The target condition or a metric query does not parse (`details.path` names it, `details.position` the offset)"];
const object = { schema: { type: "object" } } as const;
const configuration = {
  schema: {
    type: "object",
    description: "IoT Hub configuration: id, schemaVersion, labels, content.modulesContent, targetCondition, priority, createdTimeUtc, lastUpdatedTimeUtc, etag, metrics {queries, results}, systemMetrics {queries, results}, layered",
  },
} as const;

/** IoT Edge deployments as IoT Hub's configurations (reference §5), plus the console's preview and rollout reads. */
export const deploymentOperations: OperationSpec[] = [
  {
    method: "get", path: "/configurations", operationId: "listConfigurations", tag: "Deployments", permission: can.readTwins,
    summary: "Every deployment, newest first, with metric results",
    responses: [{ status: 200, description: "Configurations", body: { schema: { type: "array", items: configuration.schema } } }],
    errors: [auth, forbidden, server],
  },
  {
    method: "get", path: "/configurations/{configurationId}", operationId: "getConfiguration", tag: "Deployments", permission: can.readTwins,
    summary: "One deployment",
    responses: [{ status: 200, description: "The configuration", body: configuration }],
    errors: [auth, forbidden, missing, server],
  },
  {
    method: "put", path: "/configurations/{configurationId}", operationId: "createOrUpdateConfiguration", tag: "Deployments", permission: can.writeDeployments,
    summary: "Create a deployment, or update its labels, priority, target condition and metrics (If-Match)",
    description:
      "Without If-Match: create (409 ConfigurationAlreadyExists if the id is taken). With If-Match (an etag or `*`): update the mutable fields; `content` is immutable (400, `details.path` = `content`). The store-and-forward TTL defaults to 7200 s and long createOptions are split into 512-character chunks before storing. The reconciler applies the result within moments.",
    body: { schema: "ConfigurationInput", description: "The configuration as `az iot edge deployment create` sends it", example: { id: "prod-base", priority: 10, targetCondition: "tags.env = 'prod'", content: { modulesContent: {} } } },
    responses: [{ status: 200, description: "The stored configuration", body: configuration }],
    errors: [
      ...jsonBody, manifest, condition, ["ArgumentInvalid", "The id breaks the rules of reference §5.1 (`details.path` = `id`)"],
      ["ConfigurationAlreadyExists", "Create of an id that exists"], ["IotHubQuotaExceeded", "DEPLOYMENT_LIMIT deployments exist (100 by default)"],
      ["PreconditionFailed", "If-Match names an etag that is not the current one"], missing, auth, forbidden, server,
    ],
  },
  {
    method: "delete", path: "/configurations/{configurationId}", operationId: "deleteConfiguration", tag: "Deployments", permission: can.writeDeployments,
    summary: "Delete a deployment (modules stay on the devices; they fall back to their next deployment)",
    responses: [{ status: 204, description: "Deleted" }],
    errors: [["PreconditionFailed", "If-Match names an etag that is not the current one"], missing, auth, forbidden, server],
  },
  {
    method: "get", path: "/configurations/{configurationId}/devices", operationId: "listConfigurationDevices", tag: "Deployments", permission: can.readTwins,
    summary: "Targeted devices with their rollout state and named failures",
    description: "Query parameter `status`: applied, targeted, success, failure or pending. Items: `{ deviceId, status: Applied|Targeted, since, rollout, failures: [{ module, kind, message, since }], reportedAt }` (at most 500).",
    responses: [{ status: 200, description: "`{ items, truncated }`", body: object }],
    errors: [["ArgumentInvalid", "Unknown status filter"], missing, auth, forbidden, server],
  },
  {
    method: "post", path: "/configurations/validate", operationId: "validateConfiguration", tag: "Deployments", permission: can.readTwins,
    summary: "Check a manifest or configuration without storing it",
    description: "Accepts `{modulesContent}`, `{content: {modulesContent}}` or a whole configuration. Answers `{ problems, modulesContent (defaults and chunking applied), layered, defaulted }`; errors and lint warnings are both in `problems`.",
    body: { schema: "ManifestInput", description: "A deployment manifest" },
    responses: [{ status: 200, description: "Problems and the normalised manifest", body: object }],
    errors: [...jsonBody, ["ArgumentInvalid", "No modulesContent found"], auth, forbidden, server],
  },
  {
    method: "post", path: "/configurations/preview", operationId: "previewConfiguration", tag: "Deployments", permission: can.readTwins,
    summary: "What a draft deployment would change on each targeted device, before anything is written",
    body: { schema: "DeploymentPreviewInput", description: "`{ configuration }`: the draft, as it would be sent to PUT" },
    responses: [{ status: 200, description: "`{ targetedCount, sample, problems, impact: { totals, devices: [{ deviceId, added, removed, changed, restarted, resetTwins }] } }`", body: object }],
    errors: [...jsonBody, manifest, condition, auth, forbidden, server],
  },
  {
    method: "post", path: "/configurations/testTargetCondition", operationId: "testTargetCondition", tag: "Deployments", permission: can.query,
    summary: "How many edge devices a target condition matches, with the first 20",
    body: { schema: "TargetConditionInput", description: "The condition", example: { targetCondition: "tags.env = 'prod'" } },
    responses: [{ status: 200, description: "`{ count, sample }`", body: object }],
    errors: [...jsonBody, condition, auth, forbidden, server],
  },
  {
    method: "get", path: "/devices/{deviceId}/effectiveConfiguration", operationId: "getEffectiveConfiguration", tag: "Deployments", permission: can.readTwins,
    summary: "The deployments targeting a device, the winning base and why, the merged result and where each part came from",
    responses: [{ status: 200, description: "`{ deviceId, deployments: [{ id, priority, layered, status, createdTimeUtc, reason }], base, merged, provenance }`", body: object }],
    errors: [deviceMissing, auth, forbidden, server],
  },
  {
    method: "post", path: "/devices/{deviceId}/applyConfigurationContent", operationId: "applyConfigurationContent", tag: "Deployments", permission: can.writeDeployments,
    summary: "Set the modules of one edge device (az iot edge set-modules)",
    description: "Replaces the desired properties of `$edgeAgent`, `$edgeHub` and each listed module twin that exists; answers `{ applied, skipped }`.",
    body: { schema: "ConfigurationContentInput", description: "`{ modulesContent }`, a complete (not layered) manifest" },
    responses: [{ status: 200, description: "Which module twins were written and which do not exist", body: object }],
    errors: [...jsonBody, manifest, ["ArgumentInvalid", "Layered content, or the device is not an IoT Edge device"], deviceMissing, auth, forbidden, server],
  },
];
