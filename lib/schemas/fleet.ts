import { z } from "zod";

/** Fleet browser contracts: the table page, its summary (count + facets), bulk tag patches, saved views. */
export const fleetFilterSchema = z.strictObject({
  query: z.string().max(8192).optional().describe("IoT Hub query: a WHERE clause, or SELECT * FROM devices WHERE …"),
  scope: z.enum(["devices", "modules"]).optional().describe("modules: the query runs over devices.modules and devices with a matching module are listed"),
  connection: z.enum(["Connected", "Disconnected"]).optional(),
  health: z.enum(["healthy", "unhealthy", "unknown"]).optional().describe("Edge runtime health from $edgeAgent reported"),
  moduleFailures: z.boolean().optional().describe("Edge devices with a module failed, in backoff, unhealthy or dead"),
  edge: z.boolean().optional(),
});

export const fleetSortSchema = z.strictObject({
  key: z.string().min(1).max(1500).describe("deviceId, status, connectionState, lastActivityTime, edge, tags.… or properties.reported.…"),
  dir: z.enum(["asc", "desc"]),
});

export const fleetPageBodySchema = z.strictObject({
  filter: fleetFilterSchema.default({}),
  sort: fleetSortSchema.default({ key: "deviceId", dir: "asc" }),
  columns: z.array(z.string().min(1).max(1500)).max(12).default([]).describe("Twin paths to return per row"),
  pageSize: z.number().int().min(1).max(500).default(50),
  cursor: z.string().max(8192).nullish().describe("`cursor` of the previous page, with the same filter and sort"),
});

export const fleetSummaryBodySchema = z.strictObject({ filter: fleetFilterSchema.default({}) });

export const bulkTagsBodySchema = z.strictObject({
  filter: fleetFilterSchema.default({}),
  tags: z.record(z.string(), z.unknown()).describe("JSON merge patch for the tags of every matching device (null deletes)"),
  dryRun: z.boolean(),
});

export const savedViewBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  state: z.string().max(8192).describe("The fleet table's URL query string (q, conn, health, failing, edge, sort, col)"),
});
