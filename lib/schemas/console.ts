import { z } from "zod";

/** GET /search query string: an id prefix (may be empty: the first ids) and how many of each kind. */
export const searchQuerySchema = z.strictObject({
  q: z.string().max(128),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  "api-version": z.string().optional(),
});

/** GET /statistics/fleet takes no parameter but IoT Hub's ignored api-version. */
export const fleetStatisticsQuerySchema = z.strictObject({ "api-version": z.string().optional() });

/** GET /fleet/data-loss-risk: one page of the at-risk list. */
export const dataLossRiskQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  "api-version": z.string().optional(),
});
