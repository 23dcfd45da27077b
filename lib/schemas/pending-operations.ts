import { z } from "zod";

/** `GET /api/fleet/pending-operations` query string: keyset paging by device id. */
export const fleetPendingQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d+$/, "limit must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .default(50)
    .describe("Devices per page, 1-500"),
  cursor: z.string().min(1).max(512).optional().describe("`nextCursor` of the previous page"),
  "api-version": z.string().optional(),
});

export type FleetPendingQuery = z.infer<typeof fleetPendingQuerySchema>;
