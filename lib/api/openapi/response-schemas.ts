import { z } from "zod";
import { errorStatus, type ErrorCode } from "@/lib/domain/errors";

/**
 * Response bodies as zod schemas, written to match `toIdentityDto`/`toTwinDto` in lib/data/rows.ts
 * and `errorResponse` in lib/api/error-response.ts. Strict objects, so that openapi.test.ts fails
 * when a DTO gains or loses a field that this file does not describe. They exist for the document
 * only: handlers do not validate their output.
 */
const dateTime = z.string().meta({
  format: "date-time",
  description: "UTC ISO-8601; 0001-01-01T00:00:00Z means never",
});
const count = z.number().meta({ type: "integer", minimum: 0 });
const authenticationType = z.enum(["sas", "selfSigned", "certificateAuthority", "none"]);
const connectionState = z.enum(["Connected", "Disconnected"]);
const identityStatus = z.enum(["enabled", "disabled"]);

const x509Thumbprint = z.strictObject({
  primaryThumbprint: z.string().nullable(),
  secondaryThumbprint: z.string().nullable(),
});

const authentication = z.strictObject({
  type: authenticationType,
  symmetricKey: z.strictObject({
    primaryKey: z.string().nullable().meta({ description: "base64; null unless the type is sas" }),
    secondaryKey: z.string().nullable(),
  }),
  x509Thumbprint,
});

const capabilities = z.strictObject({ iotEdge: z.boolean() });

const identityCommon = {
  deviceId: z.string(),
  generationId: z.string().meta({ description: "Distinguishes re-created identities with the same id" }),
  etag: z.string().meta({ description: "Identity etag, for If-Match on PUT and DELETE" }),
  connectionState,
  connectionStateUpdatedTime: dateTime,
  lastActivityTime: dateTime,
  cloudToDeviceMessageCount: count,
  authentication,
  modelId: z.string().meta({ description: "IoT Plug and Play model id; empty when unset" }),
};

export const deviceResponseSchema = z
  .strictObject({
    ...identityCommon,
    status: identityStatus,
    statusReason: z.string().nullable(),
    statusUpdatedTime: dateTime,
    capabilities,
    deviceScope: z
      .string()
      .optional()
      .meta({ description: "IoT Edge devices only: ms-azure-iot-edge://{deviceId}-{generationId}" }),
    parentScopes: z.array(z.string()),
  })
  .meta({ title: "Device", description: "Device identity (IoT Hub Device)" });

export const moduleResponseSchema = z
  .strictObject({
    moduleId: z.string(),
    managedBy: z.string().nullable().meta({ description: "`IotEdge` for modules created by edgeAgent" }),
    ...identityCommon,
  })
  .meta({ title: "Module", description: "Module identity (IoT Hub Module)" });

const jsonObject = z.record(z.string(), z.unknown());

const twinSection = (description: string) =>
  z
    .looseObject({
      $version: count.meta({ description: "Section version: +1 on every accepted write" }),
      $metadata: jsonObject.meta({
        description: "Mirrors the section: every node has $lastUpdated (desired also $lastUpdatedVersion)",
      }),
    })
    .meta({ description });

const twinCommon = {
  deviceId: z.string(),
  etag: z.string().meta({ description: "Twin etag (base64 of the twin version), for If-Match" }),
  deviceEtag: z.string().meta({ description: "Etag of the identity" }),
  version: count.meta({ description: "Twin version: +1 on every accepted write" }),
  status: identityStatus,
  statusReason: z.string().optional(),
  statusUpdateTime: dateTime,
  connectionState,
  lastActivityTime: dateTime,
  cloudToDeviceMessageCount: count,
  authenticationType,
  x509Thumbprint,
  modelId: z.string(),
  configurations: jsonObject.meta({ description: "Configurations applied to this twin, by id" }),
  tags: jsonObject.meta({ description: "Service-only metadata (8 KB budget)" }),
  properties: z.strictObject({
    desired: twinSection("Written by the service, read by the device (32 KB budget)"),
    reported: twinSection("Written by the device, read by the service (32 KB budget)"),
  }),
};

export const deviceTwinResponseSchema = z
  .strictObject({
    ...twinCommon,
    capabilities,
    deviceScope: z.string().optional(),
    parentScopes: z.array(z.string()),
  })
  .meta({ title: "DeviceTwin" });

export const moduleTwinResponseSchema = z
  .strictObject({ ...twinCommon, moduleId: z.string() })
  .meta({ title: "ModuleTwin" });

export const deviceStatisticsResponseSchema = z
  .strictObject({ totalDeviceCount: count, enabledDeviceCount: count, disabledDeviceCount: count })
  .meta({ title: "RegistryStatistics" });

export const connectionStringsResponseSchema = z
  .strictObject({ primaryConnectionString: z.string(), secondaryConnectionString: z.string() })
  .meta({ title: "ConnectionStrings" });

const jsonSection = z.record(z.string(), z.unknown());

export const twinRevisionPageResponseSchema = z
  .strictObject({
    items: z.array(
      z.strictObject({
        version: count.meta({ description: "The twin version this write produced: names the revision (POST …/revisions/{version}/revert)" }),
        operation: z.enum(["patch", "replace"]),
        actor: z.string().meta({ description: "`user:{name}` or `policy:{name}`" }),
        at: dateTime,
        sections: z.array(
          z.strictObject({
            section: z.enum(["tags", "desired"]),
            sectionVersion: count.meta({ description: "The section's `$version` after the write (tags: the twin version)" }),
            patch: jsonSection.meta({ description: "What was sent: a merge patch, or the whole section for a replace" }),
            snapshot: jsonSection.meta({ description: "The whole section after the write" }),
            previous: jsonSection.meta({ description: "The whole section before the write ({} if never written before)" }),
          }),
        ),
      }),
    ),
    nextBefore: z.number().nullable().meta({ description: "Pass as `before` for the next (older) page; null on the last" }),
  })
  .meta({ title: "TwinRevisionPage" });

const role = z.enum(["viewer", "operator", "admin"]);

export const userResponseSchema = z
  .strictObject({ id: z.string(), username: z.string(), role, disabled: z.boolean(), createdAt: z.string() })
  .meta({ title: "User" });

export const accessPolicyResponseSchema = z
  .strictObject({
    keyName: z.string(),
    rights: z.array(z.enum(["registryRead", "registryWrite", "serviceConnect", "deviceConnect"])),
    createdAt: z.string(),
    primaryKey: z.string().nullable(),
    secondaryKey: z.string().nullable(),
  })
  .meta({ title: "AccessPolicy" });

export const auditPageResponseSchema = z
  .strictObject({
    entries: z.array(
      z.strictObject({
        id: z.number(),
        at: z.string(),
        actor: z.string().meta({ description: "`user:{name}`, `policy:{name}` or `setup`" }),
        clientAddress: z.string().nullable(),
        action: z.string().meta({ description: "e.g. `twin.update`, `device.create`, `login.failure`" }),
        targetKind: z.string(),
        targetId: z.string(),
        before: z.unknown().meta({ description: "State before the change, secrets redacted" }),
        after: z.unknown().meta({ description: "State after the change, secrets redacted" }),
        revisionId: z.number().nullable(),
        outcome: z.enum(["success", "failure"]),
      }),
    ),
    nextBefore: z.number().nullable().meta({ description: "Pass as `before` for the next (older) page; null on the last" }),
  })
  .meta({ title: "AuditPage" });

export const authStatusResponseSchema = z
  .strictObject({
    setupRequired: z.boolean(),
    user: z.strictObject({ id: z.string(), username: z.string(), role, actions: z.array(z.string()) }).nullable(),
  })
  .meta({ title: "AuthStatus" });

export const methodResultResponseSchema = z
  .strictObject({
    status: z.number().meta({ type: "integer", description: "The status the device or module answered with" }),
    payload: z.unknown().meta({ description: "The JSON the device or module answered with (null when it sent none)" }),
  })
  .meta({ title: "MethodResult" });

export const messageResponseSchema = z
  .strictObject({
    id: z.string().meta({ description: "Increasing per hub; newer messages have larger ids" }),
    deviceId: z.string(),
    moduleId: z.string().nullable().meta({ description: "null for device telemetry" }),
    outputName: z.string().nullable().meta({ description: "The module output (`$.on`, `sendOutputEvent`)" }),
    enqueuedTimeUtc: dateTime,
    systemProperties: z.record(z.string(), z.string()).meta({
      description:
        "messageId, correlationId, contentType, contentEncoding, userId, to, expiryTimeUtc… as sent, plus connectionDeviceId, connectionModuleId and enqueuedTime stamped by the hub",
    }),
    properties: z.record(z.string(), z.string()).meta({ description: "Application properties (`mqtt-retain` when the client set RETAIN)" }),
    body: z.string(),
    bodyEncoding: z.enum(["utf8", "base64"]).meta({ description: "utf8 when the body is UTF-8 text, otherwise base64" }),
    size: count.meta({ description: "Body size in bytes" }),
  })
  .meta({ title: "Message" });

export const healthResponseSchema = z
  .strictObject({ status: z.literal("ok"), store: z.enum(["pglite", "postgres"]) })
  .meta({ title: "Health" });

const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

export const errorResponseSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z
        .looseObject({
          path: z.string().optional().meta({ description: "Dotted path of the field, header or key at fault" }),
          position: z.number().optional().meta({ description: "0-based character offset in a query" }),
        })
        .optional(),
    }),
    Message: z.string().meta({ description: "IoT Hub form `ErrorCode:{code};{message}`, parsed by the Azure SDKs" }),
    ExceptionMessage: z.string().meta({ description: "`Tracking ID:{id}-TimeStamp:{time}`" }),
    errorCode: z.number().optional().meta({ type: "integer", description: "IoT Hub's numeric code, where one exists" }),
  })
  .meta({ title: "Error" });
