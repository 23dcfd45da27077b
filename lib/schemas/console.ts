import { z } from "zod";

/** GET /search query string: an id prefix (may be empty: the first ids) and how many of each kind. */
export const searchQuerySchema = z.strictObject({
  q: z.string().max(128),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  "api-version": z.string().optional(),
});

/** GET /statistics/fleet takes no parameter but IoT Hub's ignored api-version. */
export const fleetStatisticsQuerySchema = z.strictObject({ "api-version": z.string().optional() });
