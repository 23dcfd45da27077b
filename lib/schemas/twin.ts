import { z } from "zod";
import { METHOD_NAME } from "@/lib/domain/mqtt";

const jsonObject = z.record(z.string(), z.unknown());

/**
 * Twin write bodies (reference §2.2, §4.2). The service may write `tags` and `properties.desired`
 * only; a body naming `properties.reported` is refused with that path. Read-only twin fields that
 * `azure-iothub` echoes back on replace are accepted and ignored.
 */
export const twinWriteSchema = z.strictObject({
  tags: jsonObject.nullish(),
  properties: z
    .strictObject({
      desired: jsonObject.nullish(),
      reported: z.unknown().optional(),
    })
    .nullish(),
  deviceId: z.string().optional(),
  moduleId: z.string().optional(),
  etag: z.string().nullish(),
  deviceEtag: z.string().nullish(),
  version: z.number().nullish(),
  status: z.string().nullish(),
  statusReason: z.string().nullish(),
  statusUpdateTime: z.string().nullish(),
  connectionState: z.string().nullish(),
  lastActivityTime: z.string().nullish(),
  cloudToDeviceMessageCount: z.number().nullish(),
  authenticationType: z.string().nullish(),
  x509Thumbprint: z.unknown().optional(),
  capabilities: z.unknown().optional(),
  deviceScope: z.string().nullish(),
  parentScopes: z.unknown().optional(),
  modelId: z.string().nullish(),
  configurations: z.unknown().optional(),
});

export type TwinWriteBody = z.infer<typeof twinWriteSchema>;

export const queryBodySchema = z.strictObject({
  query: z.string().min(1, "query must not be empty").max(8192, "query is longer than 8192 characters"),
});

/**
 * Direct method invocation (reference §10.2; IoT Hub's `POST /twins/{id}[/modules/{mid}]/methods`).
 * Timeouts are IoT Hub's: the response timeout 5-300 s (default 30), the connect timeout 0-300 s
 * (default 0: a device that is not connected now fails at once).
 */
export const methodInvocationSchema = z.strictObject({
  methodName: z
    .string()
    .regex(METHOD_NAME, "methodName must be 1-128 characters without '/', '?', '#', '+', '&' or spaces"),
  payload: z.unknown().optional(),
  responseTimeoutInSeconds: z.number().int().min(5).max(300).default(30),
  connectTimeoutInSeconds: z.number().int().min(0).max(300).default(0),
});

export type MethodInvocationBody = z.infer<typeof methodInvocationSchema>;
