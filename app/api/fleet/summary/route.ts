import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { summarizeFleet } from "@/lib/data/summarize-fleet";
import { fleetSummaryBodySchema } from "@/lib/schemas/fleet";

/** POST /fleet/summary: how many devices match, and facets on their most common tags. */
export const POST = apiRoute<Record<string, string>, typeof fleetSummaryBodySchema>({
  permission: can.query,
  body: fleetSummaryBodySchema,
  handle: ({ body }) => summarizeFleet(body.filter),
});
