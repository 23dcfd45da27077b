import type { ErrorCode } from "@/lib/domain/errors";
import type { Action } from "@/lib/domain/access";
import type { ParameterName, RequestSchemaName, ResponseSchemaName } from "./components";

/** One error an operation can answer, and when. Grouped by HTTP status in the document. */
export type ErrorCase = readonly [ErrorCode, string];

export type SuccessResponse = {
  status: 200 | 201 | 202 | 204;
  description: string;
  /** A component schema, an array of one, or a literal schema. */
  body?: ResponseSchemaName | `${ResponseSchemaName | "QueryResultItem"}[]` | { schema: Record<string, unknown> };
  headers?: readonly ("continuation" | "itemType")[];
  /** Media type of `body` when it is not JSON (e.g. a PEM certificate). */
  mediaType?: string;
};

export type OperationSpec = {
  method: "get" | "put" | "patch" | "post" | "delete";
  /** Relative to the `/api` server, i.e. IoT Hub's own path. */
  path: string;
  operationId: string;
  tag: "Identity registry" | "Twins" | "Query" | "Devices" | "Service" | "Operator access" | "Deployments" | "Registries";
  summary: string;
  description?: string;
  permission: Action | "public" | "session";
  /** Path parameters are added from the path; these are the others. */
  parameters?: readonly ParameterName[];
  body?: { schema: RequestSchemaName; description: string; example?: unknown };
  responses: readonly SuccessResponse[];
  errors: readonly ErrorCase[];
};

export const auth: ErrorCase = [
  "IotHubUnauthorizedAccess",
  "No, malformed, expired or wrongly signed token; unknown policy; audience not this hub; or a policy without the rights in x-edgedeck-rights",
];
export const server: ErrorCase = ["ServerError", "Unexpected failure (details are logged by the server, not returned)"];
export const jsonBody: readonly ErrorCase[] = [
  ["ArgumentInvalid", "Malformed JSON, or a field fails the schema; `details.path` names it (unknown fields are refused)"],
  ["MessageTooLarge", "Body larger than API_MAX_BODY_BYTES (default 262144 bytes)"],
  ["UnsupportedMediaType", "Content-Type is present and not application/json (or another +json type)"],
];
export const deviceMissing: ErrorCase = ["DeviceNotFound", "No device with this id"];
export const moduleMissing: ErrorCase = ["ModuleNotFound", "No such module on this device (also when the device does not exist)"];
export const stale = (what: string): ErrorCase => ["PreconditionFailed", `If-Match names an etag that is not the current ${what} etag`];
