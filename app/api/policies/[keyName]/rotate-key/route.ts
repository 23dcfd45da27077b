import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { rotateAccessPolicyKey } from "@/lib/data/manage-access-policies";
import { keyChoiceSchema } from "@/lib/schemas/operators";

export const POST = apiRoute<{ keyName: string }, typeof keyChoiceSchema>({
  permission: can.managePolicies,
  body: keyChoiceSchema,
  handle: ({ params, body, context }) => rotateAccessPolicyKey(params.keyName, body.key, context),
});
