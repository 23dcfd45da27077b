import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { getDeleteImpact } from "@/lib/data/get-delete-impact";

/** GET /devices/{deviceId}/delete-impact: the modules and deployments a delete would affect. */
export const GET = apiRoute<{ deviceId: string }>({
  permission: can.readRegistry,
  handle: ({ params }) => getDeleteImpact(params.deviceId),
});
