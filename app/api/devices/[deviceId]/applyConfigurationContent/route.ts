import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { applyConfigurationContent } from "@/lib/data/apply-configuration-content";
import { applyContentBodySchema } from "@/lib/schemas/deployments";

/** POST /devices/{id}/applyConfigurationContent: set the modules of one edge device (az iot edge set-modules). */
export const POST = apiRoute<{ deviceId: string }, typeof applyContentBodySchema>({
  permission: can.writeDeployments,
  body: applyContentBodySchema,
  handle: ({ params, body, context }) => applyConfigurationContent(params.deviceId, body.modulesContent, context),
});
