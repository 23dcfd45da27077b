import { can } from "@/lib/api/permissions";
import { parseQueryParams } from "@/lib/api/query-params";
import { apiRoute } from "@/lib/api/route";
import { getFleetStatistics } from "@/lib/data/get-fleet-statistics";
import { env } from "@/lib/env";
import { fleetStatisticsQuerySchema } from "@/lib/schemas/console";

/** The home dashboard's fleet health in one aggregate read. */
export const GET = apiRoute({
  permission: can.readTwins,
  handle: ({ url, now }) => {
    parseQueryParams(fleetStatisticsQuerySchema, url);
    return getFleetStatistics(now, env.STATUS_STALE_SECONDS);
  },
});
