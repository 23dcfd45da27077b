import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { testTargetCondition } from "@/lib/data/preview-deployment";
import { targetConditionBodySchema } from "@/lib/schemas/deployments";

/** POST /configurations/testTargetCondition: matching edge device count and a sample. */
export const POST = apiRoute<Record<string, string>, typeof targetConditionBodySchema>({
  permission: can.query,
  body: targetConditionBodySchema,
  handle: ({ body }) => testTargetCondition(body.targetCondition),
});
