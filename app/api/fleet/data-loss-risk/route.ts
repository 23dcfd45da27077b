import { can } from "@/lib/api/permissions";
import { parseQueryParams } from "@/lib/api/query-params";
import { apiRoute } from "@/lib/api/route";
import { listDataLossRisk } from "@/lib/data/list-data-loss-risk";
import { dataLossRiskQuerySchema } from "@/lib/schemas/console";

/** GET /fleet/data-loss-risk: edge devices holding stored messages, most at risk of losing data first. */
export const GET = apiRoute({
  permission: can.readTwins,
  handle: ({ url, now }) => {
    const { limit, offset } = parseQueryParams(dataLossRiskQuerySchema, url);
    return listDataLossRisk({ limit, offset, now });
  },
});
