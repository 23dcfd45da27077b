import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { listFleetPage } from "@/lib/data/list-fleet-page";
import { fleetPageBodySchema } from "@/lib/schemas/fleet";

/** POST /fleet/page: one keyset page of the console's device table. */
export const POST = apiRoute<Record<string, string>, typeof fleetPageBodySchema>({
  permission: can.query,
  body: fleetPageBodySchema,
  handle: ({ body }) => listFleetPage(body),
});
