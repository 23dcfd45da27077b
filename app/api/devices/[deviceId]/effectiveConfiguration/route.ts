import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { getEffectiveConfiguration } from "@/lib/data/get-effective-configuration";

/** GET /devices/{id}/effectiveConfiguration: deployments, winning base, merged result, provenance. */
export const GET = apiRoute<{ deviceId: string }>({
  permission: can.readTwins,
  handle: ({ params }) => getEffectiveConfiguration(params.deviceId),
});
