import { z } from "zod";

/**
 * IoT Hub configuration contracts (reference §5.1) for edge deployments. The body of a PUT is the
 * configuration as `az iot edge deployment create` sends it; hub-set fields (etag, times, metric
 * results) are accepted and ignored so that a GET result can be sent back as is.
 */
const labelsSchema = z
  .record(z.string().min(1).max(128), z.string().max(1024))
  .refine((labels) => Object.keys(labels).length <= 100, "at most 100 labels")
  .describe("Informational key/value labels");

const metricQueriesSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "metric names are 1-64 letters, digits, - or _"), z.string().min(1).max(8192))
  .refine((queries) => Object.keys(queries).length <= 5, "at most 5 custom metric queries (reference §5.1)")
  .describe("Custom metrics: name -> IoT Hub query whose row count is the metric");

export const modulesContentSchema = z
  .record(z.string().min(1).max(128), z.record(z.string(), z.unknown()))
  .describe("$edgeAgent, $edgeHub and module twins: {\"properties.desired\": {...}} or layered dotted keys");

/** Fields of a configuration besides `content`, as IoT Hub returns them (so a GET can be sent back). */
const configurationFields = {
  id: z.string().optional().describe("Must equal the id in the URL when given"),
  schemaVersion: z.string().max(16).nullish(),
  labels: labelsSchema.nullish(),
  targetCondition: z.string().max(8192).default("").describe("WHERE clause over device twins; '*' = all edge devices"),
  priority: z.number().int().min(0).max(2_147_483_647).default(0),
  metrics: z.strictObject({ queries: metricQueriesSchema.default({}), results: z.record(z.string(), z.unknown()).optional() }).nullish(),
  etag: z.string().nullish(),
  createdTimeUtc: z.string().nullish(),
  lastUpdatedTimeUtc: z.string().nullish(),
  systemMetrics: z.unknown().optional().describe("Read-only: hub-defined"),
  layered: z.boolean().optional().describe("Read-only: derived from content"),
};

export const configurationBodySchema = z.strictObject({
  ...configurationFields,
  content: z.strictObject({ modulesContent: modulesContentSchema }).describe("Immutable after create"),
});
export type ConfigurationBody = z.infer<typeof configurationBodySchema>;

/** A whole configuration, a `{content: {modulesContent}}` or a bare `{modulesContent}` manifest. */
export const validateBodySchema = z.strictObject({
  ...configurationFields,
  content: z.strictObject({ modulesContent: modulesContentSchema }).optional(),
  modulesContent: modulesContentSchema.optional(),
});

export const targetConditionBodySchema = z.strictObject({ targetCondition: z.string().max(8192) });

export const previewBodySchema = z.strictObject({ configuration: configurationBodySchema });

export const applyContentBodySchema = z.strictObject({ modulesContent: modulesContentSchema });

export const assignmentFilterSchema = z.enum(["applied", "targeted", "success", "failure", "pending"]);
