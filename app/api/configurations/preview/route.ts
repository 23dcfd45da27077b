import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { previewDeployment } from "@/lib/data/preview-deployment";
import { previewBodySchema } from "@/lib/schemas/deployments";

/** POST /configurations/preview: the impact of a draft deployment per device, before writing. */
export const POST = apiRoute<Record<string, string>, typeof previewBodySchema>({
  permission: can.readTwins,
  body: previewBodySchema,
  handle: ({ body, now }) => previewDeployment(body.configuration.id ?? "", body.configuration, now),
});
