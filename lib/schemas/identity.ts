import { z } from "zod";

/**
 * Request bodies of the identity registry (reference §1.2, §1.3). Strict objects: an unknown field is
 * a 400 naming it. Read-only fields that the SDK echoes back (etag, generationId, connection state…)
 * are accepted and ignored, because `azure-iothub` sends the whole Device it got from GET.
 */
const base64Key = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, "must be base64")
  .refine((k) => k === "" || (Buffer.from(k, "base64").length >= 16 && Buffer.from(k, "base64").length <= 64), {
    message: "must decode to 16-64 bytes",
  });

const thumbprint = z.string().regex(/^[0-9A-Fa-f]{40}([0-9A-Fa-f]{24})?$/, "must be a SHA-1 or SHA-256 hex thumbprint");

export const authenticationSchema = z.strictObject({
  type: z.enum(["sas", "selfSigned", "certificateAuthority", "none"]).optional(),
  symmetricKey: z
    .strictObject({ primaryKey: base64Key.nullish(), secondaryKey: base64Key.nullish() })
    .nullish(),
  x509Thumbprint: z
    .strictObject({ primaryThumbprint: thumbprint.nullish(), secondaryThumbprint: thumbprint.nullish() })
    .nullish(),
});

export type AuthenticationInput = z.infer<typeof authenticationSchema>;

const readOnlyIdentityFields = {
  generationId: z.string().nullish(),
  etag: z.string().nullish(),
  connectionState: z.string().nullish(),
  connectionStateUpdatedTime: z.string().nullish(),
  lastActivityTime: z.string().nullish(),
  cloudToDeviceMessageCount: z.number().nullish(),
};

export const deviceBodySchema = z.strictObject({
  deviceId: z.string(),
  status: z.enum(["enabled", "disabled"]).optional(),
  statusReason: z.string().max(128).nullish(),
  statusUpdatedTime: z.string().nullish(),
  authentication: authenticationSchema.nullish(),
  capabilities: z.strictObject({ iotEdge: z.boolean().optional() }).nullish(),
  deviceScope: z.string().nullish(),
  parentScopes: z.array(z.string()).max(1).nullish(),
  modelId: z.string().max(512).nullish(),
  ...readOnlyIdentityFields,
});

export type DeviceBody = z.infer<typeof deviceBodySchema>;

export const moduleBodySchema = z.strictObject({
  moduleId: z.string(),
  deviceId: z.string(),
  managedBy: z.string().max(128).nullish(),
  authentication: authenticationSchema.nullish(),
  modelId: z.string().max(512).nullish(),
  ...readOnlyIdentityFields,
});

export type ModuleBody = z.infer<typeof moduleBodySchema>;

export const regenerateKeySchema = z.strictObject({ key: z.enum(["primary", "secondary"]) });
