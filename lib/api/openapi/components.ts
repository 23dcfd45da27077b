import { deviceBodySchema, moduleBodySchema, regenerateKeySchema } from "@/lib/schemas/identity";
import {
  credentialsSchema,
  keyChoiceSchema,
  passwordChangeSchema,
  policyCreateSchema,
  userCreateSchema,
  userUpdateSchema,
} from "@/lib/schemas/operators";
import { methodInvocationSchema, queryBodySchema, twinWriteSchema } from "@/lib/schemas/twin";
import { registryCreateSchema } from "@/lib/schemas/registries";
import { bulkTagsBodySchema, fleetPageBodySchema, fleetSummaryBodySchema, savedViewBodySchema } from "@/lib/schemas/fleet";
import { applyContentBodySchema, configurationBodySchema, previewBodySchema, targetConditionBodySchema, validateBodySchema } from "@/lib/schemas/deployments";
import { toOpenApiSchema, type JsonSchema } from "./json-schema";
import {
  deviceResponseSchema,
  deviceStatisticsResponseSchema,
  connectionStringsResponseSchema,
  userResponseSchema,
  accessPolicyResponseSchema,
  auditPageResponseSchema,
  authStatusResponseSchema,
  deviceTwinResponseSchema,
  errorResponseSchema,
  healthResponseSchema,
  messageResponseSchema,
  methodResultResponseSchema,
  moduleResponseSchema,
  moduleTwinResponseSchema,
  twinRevisionPageResponseSchema,
} from "./response-schemas";

/** Name of the security scheme every authenticated operation refers to. */
export const SECURITY_SCHEME = "sharedAccessSignature";

export const securitySchemes = {
  [SECURITY_SCHEME]: {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: [
      "IoT Hub shared access signature for a hub-level policy:",
      "`SharedAccessSignature sr={host}&sig={signature}&se={expiry}&skn={policy}`.",
      "`sr` is the URL-encoded hub host name (HUB_HOSTNAME, or an address the hub listens on; ports are ignored),",
      "`se` the expiry in seconds since 1970 (5 minutes of clock skew tolerated),",
      "`sig` the URL-encoded base64 HMAC-SHA256 of `{sr}\\n{se}` keyed with the base64-decoded policy key,",
      "`skn` the policy name. The rights an operation needs are listed in its `x-edgedeck-rights`",
      "(any one of them suffices). Every failure is 401 IotHubUnauthorizedAccess.",
    ].join(" "),
  },
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "edgedeck_session",
    description: [
      "The console's session (POST /auth/login or /auth/setup). The roles that may call an operation are listed",
      "in its `x-edgedeck-roles`; a role without the action gets 403 Forbidden. State-changing requests must come",
      "from the console's own origin (Origin or Referer), else 403.",
    ].join(" "),
  },
} as const;

const idRule =
  "1-128 characters: ASCII letters, digits and `- . % _ * ? ! ( ) , : = @ $ '`; case-sensitive. URL-encode it (`$edgeAgent` ⇒ `%24edgeAgent`).";

export const parameters = {
  apiVersion: {
    name: "api-version",
    in: "query",
    required: false,
    description: "Accepted for IoT Hub compatibility (the Azure SDKs always send it) and ignored.",
    schema: { type: "string", examples: ["2021-04-12"] },
  },
  deviceId: {
    name: "deviceId",
    in: "path",
    required: true,
    description: `Device id. ${idRule}`,
    schema: { type: "string", minLength: 1, maxLength: 128 },
  },
  moduleId: {
    name: "moduleId",
    in: "path",
    required: true,
    description: `Module id. ${idRule} A leading \`$\` is reserved for \`$edgeAgent\` and \`$edgeHub\`.`,
    schema: { type: "string", minLength: 1, maxLength: 128 },
  },
  userId: {
    name: "userId",
    in: "path",
    required: true,
    description: "User id (from GET /users).",
    schema: { type: "string" },
  },
  configurationId: {
    name: "configurationId",
    in: "path",
    required: true,
    description: "Deployment (configuration) id: 1-128 characters, lower-case, no spaces and none of & ^ [ ] { } \\ | \" < > /",
    schema: { type: "string", minLength: 1, maxLength: 128 },
  },
  jobId: {
    name: "jobId",
    in: "path",
    required: true,
    description: "Bulk job id (from POST /fleet/bulk-tags).",
    schema: { type: "string" },
  },
  registryId: {
    name: "registryId",
    in: "path",
    required: true,
    description: "Registry source id (from GET /registries); `catalog` is the built-in image catalog.",
    schema: { type: "string" },
  },
  viewId: {
    name: "viewId",
    in: "path",
    required: true,
    description: "Saved view id (from GET /views).",
    schema: { type: "string" },
  },
  keyName: {
    name: "keyName",
    in: "path",
    required: true,
    description: "Shared access policy name.",
    schema: { type: "string" },
  },
  top: {
    name: "top",
    in: "query",
    required: false,
    description: "Largest number of devices returned (1-1000). Use POST /devices/query to page through more.",
    schema: { type: "integer", minimum: 1, maximum: 1000, default: 1000 },
  },
  ifMatchCreateOrUpdate: {
    name: "If-Match",
    in: "header",
    required: false,
    description:
      'Absent: create (409 if the identity exists). `"*"`: update whatever is stored. `"{etag}"`: update only if the identity etag still matches (412 otherwise). With If-Match the identity must exist (404 otherwise). Quotes and `W/` are optional.',
    schema: { type: "string" },
  },
  ifMatchDelete: {
    name: "If-Match",
    in: "header",
    required: false,
    description: 'Absent or `"*"`: delete unconditionally. `"{etag}"`: delete only if the identity etag still matches (412 otherwise).',
    schema: { type: "string" },
  },
  ifMatchTwin: {
    name: "If-Match",
    in: "header",
    required: false,
    description: 'Absent or `"*"`: write unconditionally. `"{etag}"`: write only if the twin etag still matches (412 otherwise).',
    schema: { type: "string" },
  },
  version: {
    name: "version",
    in: "path",
    required: true,
    description: "A revision: the twin version its write produced (`version` in GET …/revisions).",
    schema: { type: "integer", minimum: 1 },
  },
  revisionLimit: {
    name: "limit",
    in: "query",
    required: false,
    description: "Most revisions returned (1-100), newest first.",
    schema: { type: "integer", minimum: 1, maximum: 100, default: 20 },
  },
  revisionBefore: {
    name: "before",
    in: "query",
    required: false,
    description: "Only revisions older than this twin version: the previous page's `nextBefore`.",
    schema: { type: "integer", minimum: 1 },
  },
  messageModuleId: {
    name: "moduleId",
    in: "query",
    required: false,
    description: "Only this module's messages. Absent: the device's own and all its modules' messages.",
    schema: { type: "string", minLength: 1, maxLength: 128 },
  },
  messageLimit: {
    name: "limit",
    in: "query",
    required: false,
    description: "Most messages returned (1-1000), newest first.",
    schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 },
  },
  pendingLimit: {
    name: "limit",
    in: "query",
    required: false,
    description: "Devices per page (1-500).",
    schema: { type: "integer", minimum: 1, maximum: 500, default: 50 },
  },
  pendingCursor: {
    name: "cursor",
    in: "query",
    required: false,
    description: "`nextCursor` of the previous page.",
    schema: { type: "string", maxLength: 512 },
  },
  maxItemCount: {
    name: "x-ms-max-item-count",
    in: "header",
    required: false,
    description: "Page size, a positive integer; default 100, capped at 1000 (a page may be shorter than asked).",
    schema: { type: "integer", minimum: 1 },
  },
  continuation: {
    name: "x-ms-continuation",
    in: "header",
    required: false,
    description: "The `x-ms-continuation` of the previous page, sent with the same query text to get the next page.",
    schema: { type: "string" },
  },
} as const;

export type ParameterName = keyof typeof parameters;

export const headers = {
  continuation: {
    description: "Present only when another page exists; absent (never empty) on the last page.",
    schema: { type: "string" },
  },
  itemType: {
    description: "`twin` for `SELECT *` (items are twins), `raw` for projections and aggregates.",
    schema: { type: "string", enum: ["twin", "raw"] },
  },
  errorCode: {
    description: "The error code (same as `error.code`), which the Azure SDKs read.",
    schema: { type: "string" },
  },
} as const;

/** Component schema name ⇒ request zod schema; their JSON Schema is `z.toJSONSchema(…, { io: "input" })`. */
export const requestSchemas = {
  DeviceInput: deviceBodySchema,
  ModuleInput: moduleBodySchema,
  TwinWrite: twinWriteSchema,
  QuerySpecification: queryBodySchema,
  RegenerateKeyInput: regenerateKeySchema,
  Credentials: credentialsSchema,
  PasswordChange: passwordChangeSchema,
  UserCreate: userCreateSchema,
  UserUpdate: userUpdateSchema,
  PolicyCreate: policyCreateSchema,
  KeyChoice: keyChoiceSchema,
  MethodInvocation: methodInvocationSchema,
  FleetPageQuery: fleetPageBodySchema,
  FleetSummaryQuery: fleetSummaryBodySchema,
  BulkTagPatch: bulkTagsBodySchema,
  SavedViewInput: savedViewBodySchema,
  ConfigurationInput: configurationBodySchema,
  ManifestInput: validateBodySchema,
  DeploymentPreviewInput: previewBodySchema,
  TargetConditionInput: targetConditionBodySchema,
  ConfigurationContentInput: applyContentBodySchema,
  RegistryCreate: registryCreateSchema,
} as const;

export type RequestSchemaName = keyof typeof requestSchemas;

const responseSchemas = {
  Device: deviceResponseSchema,
  Module: moduleResponseSchema,
  DeviceTwin: deviceTwinResponseSchema,
  ModuleTwin: moduleTwinResponseSchema,
  RegistryStatistics: deviceStatisticsResponseSchema,
  Health: healthResponseSchema,
  ConnectionStrings: connectionStringsResponseSchema,
  User: userResponseSchema,
  AccessPolicy: accessPolicyResponseSchema,
  AuditPage: auditPageResponseSchema,
  TwinRevisionPage: twinRevisionPageResponseSchema,
  AuthStatus: authStatusResponseSchema,
  MethodResult: methodResultResponseSchema,
  Message: messageResponseSchema,
  Error: errorResponseSchema,
} as const;

export type ResponseSchemaName = keyof typeof responseSchemas;

export const ref = (name: RequestSchemaName | ResponseSchemaName | "QueryResultItem") => ({
  $ref: `#/components/schemas/${name}`,
});

export function componentSchemas(): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(requestSchemas)) schemas[name] = toOpenApiSchema(schema, "input");
  for (const [name, schema] of Object.entries(responseSchemas)) schemas[name] = toOpenApiSchema(schema, "output");
  schemas.QueryResultItem = {
    title: "QueryResultItem",
    description: "`SELECT *` returns twins (x-ms-item-type: twin); projections and aggregates return rows of the selected keys or aliases (raw).",
    anyOf: [ref("DeviceTwin"), ref("ModuleTwin"), { type: "object", additionalProperties: true }],
  };
  return schemas;
}
