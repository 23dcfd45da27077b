import { RIGHT_ACTIONS, ROLE_ACTIONS, ROLES, type Action } from "@/lib/domain/access";
import { RIGHTS } from "@/lib/domain/identity";
import { errorStatus, numericErrorCode, type ErrorCode } from "@/lib/domain/errors";
import {
  componentSchemas,
  headers,
  parameters,
  ref,
  securitySchemes,
  SECURITY_SCHEME,
  type ParameterName,
} from "./components";
import { operations, type ErrorCase, type OperationSpec, type SuccessResponse } from "./operations";

/**
 * The OpenAPI 3.1 description of every route under app/api, served at GET /api/openapi.json.
 * openapi.test.ts keeps it honest: the (method, path) pairs must equal the route files', the rights
 * must equal each route's `permission`, and request bodies must be the routes' zod schemas.
 */
export const OPENAPI_VERSION = "3.1.0";

const JSON_MEDIA = "application/json";

const paramRef = (name: ParameterName) => ({ $ref: `#/components/parameters/${name}` });

function pathParameters(path: string): ParameterName[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
    if (!(name in parameters)) throw new Error(`No parameter component for {${name}} in ${path}`);
    return name as ParameterName;
  });
}

function successResponse(response: SuccessResponse) {
  const out: Record<string, unknown> = { description: response.description };
  if (response.headers?.length) {
    out.headers = Object.fromEntries(
      response.headers.map((h) => [
        h === "continuation" ? "x-ms-continuation" : "x-ms-item-type",
        { $ref: `#/components/headers/${h}` },
      ]),
    );
  }
  const body = response.body;
  if (body !== undefined) {
    const schema =
      typeof body === "object"
        ? body.schema
        : body.endsWith("[]")
          ? { type: "array", items: ref(body.slice(0, -2) as Parameters<typeof ref>[0]) }
          : ref(body as Parameters<typeof ref>[0]);
    out.content = { [response.mediaType ?? JSON_MEDIA]: { schema } };
  }
  return out;
}

/** Messages as the hub words them, for the examples; other codes show the documented cause. */
const sampleMessages: Partial<Record<ErrorCode, string>> = {
  ArgumentInvalid: "properties.desired.fw.version: property names must not contain '.'",
  ArgumentNull: "The twin write names neither tags nor properties.desired",
  IotHubUnauthorizedAccess: "The token has expired",
  DeviceNotFound: "Device edge-gw-99 is not registered",
  ModuleNotFound: "Module anomaly-filter is not registered on device edge-gw-01",
  DeviceAlreadyExists: "A device with ID 'edge-gw-01' is already registered",
  ModuleAlreadyExistsOnDevice: "Module anomaly-filter already exists on device edge-gw-01",
  PreconditionFailed: "The twin etag AAAAAAAAAAc= does not match If-Match",
  MessageTooLarge: "The request body is larger than 262144 bytes",
  UnsupportedMediaType: "Expected application/json, got text/plain",
  ServerError: "The server could not complete the request",
};

function errorExample(code: ErrorCode, cause: string) {
  const message = sampleMessages[code] ?? cause;
  const numeric = numericErrorCode[code];
  return {
    error: { code, message },
    Message: `ErrorCode:${code};${message}`,
    ExceptionMessage: "Tracking ID:0c1a2b3c4d5e4f60a1b2c3d4e5f60718-TimeStamp:2026-01-02T03:04:05.678Z",
    ...(numeric ? { errorCode: numeric } : {}),
  };
}

function errorResponses(cases: readonly ErrorCase[]) {
  const byStatus = new Map<number, ErrorCase[]>();
  for (const c of cases) {
    const status = errorStatus[c[0]];
    byStatus.set(status, [...(byStatus.get(status) ?? []), c]);
  }
  const out: Record<string, unknown> = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const list = byStatus.get(status)!;
    const [firstCode, firstWhen] = list[0]!;
    out[String(status)] = {
      description: list.map(([code, when]) => `- \`${code}\`: ${when}`).join("\n"),
      headers: { "iothub-errorcode": { $ref: "#/components/headers/errorCode" } },
      content: { [JSON_MEDIA]: { schema: ref("Error"), example: errorExample(firstCode, firstWhen) } },
    };
  }
  return out;
}

/** Which roles and policy rights may call an operation needing `action`. */
function whoMay(action: Action) {
  return {
    "x-edgedeck-action": action,
    "x-edgedeck-roles": ROLES.filter((role) => ROLE_ACTIONS[role].includes(action)),
    "x-edgedeck-rights": RIGHTS.filter((right) => RIGHT_ACTIONS[right].includes(action)),
  };
}

function operationObject(op: OperationSpec) {
  const isPublic = op.permission === "public";
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(isPublic
      ? { security: [] }
      : op.permission === "session"
        ? { security: [{ sessionCookie: [] }], "x-edgedeck-roles": [...ROLES] }
        : whoMay(op.permission as Action)),
    parameters: [...pathParameters(op.path), ...(op.parameters ?? []), "apiVersion" as const].map(paramRef),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            description: op.body.description,
            content: {
              [JSON_MEDIA]: {
                schema: ref(op.body.schema),
                ...(op.body.example === undefined ? {} : { example: op.body.example }),
              },
            },
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(op.responses.map((r) => [String(r.status), successResponse(r)])),
      ...errorResponses(op.errors),
    },
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`Duplicate operation ${op.method.toUpperCase()} ${op.path}`);
    item[op.method] = operationObject(op);
  }
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: "EdgeDeck REST API",
      version: "0.1.0",
      description: [
        "The service API of EdgeDeck, a self-hosted IoT Hub. Paths and bodies are Azure IoT Hub's service REST API",
        "(identity registry, twins, query), served under `/api`; `api-version` is accepted and ignored.",
        "Authenticate with a SharedAccessSignature for a hub-level policy, or (from the console) with the session cookie;",
        "each operation names the action it needs in `x-edgedeck-action`, the operator roles that hold it in",
        "`x-edgedeck-roles` and the policy rights that grant it in `x-edgedeck-rights` (any one suffices).",
        "Errors carry `{ error: { code, message, details? } }` plus",
        "IoT Hub's `Message`/`ExceptionMessage` and the `iothub-errorcode` header. Guide: docs/api.md.",
      ].join(" "),
    },
    servers: [{ url: "/api", description: "This hub (the document is served at /api/openapi.json)" }],
    tags: [
      { name: "Identity registry", description: "Device and module identities (IoT Hub registry)" },
      { name: "Twins", description: "Device and module twins: tags and desired properties" },
      { name: "Query", description: "IoT Hub query language over twins" },
      { name: "Devices", description: "The device side: direct methods, received telemetry, the MQTT endpoint's CA" },
      { name: "Service", description: "Health and this document" },
      { name: "Operator access", description: "Console sign-in, users, shared access policies, audit trail" },
      { name: "Deployments", description: "IoT Edge deployments (IoT Hub configurations): CRUD, validation, preview, rollout" },
      { name: "Registries", description: "Image registry sources (the built-in catalog and OCI registries) for composing deployments" },
    ],
    security: [{ [SECURITY_SCHEME]: [] }, { sessionCookie: [] }],
    paths,
    components: {
      securitySchemes,
      parameters,
      headers,
      schemas: componentSchemas(),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

/** Built once per process: the document is static. */
export const openApiDocument: OpenApiDocument = buildOpenApiDocument();
