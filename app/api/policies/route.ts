import { can } from "@/lib/api/permissions";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { createAccessPolicy, listAccessPolicies } from "@/lib/data/manage-access-policies";
import { policyCreateSchema } from "@/lib/schemas/operators";

export const GET = apiRoute({ permission: can.managePolicies, handle: () => listAccessPolicies({ includeKeys: true }) });

export const POST = apiRoute<Record<string, string>, typeof policyCreateSchema>({
  permission: can.managePolicies,
  body: policyCreateSchema,
  handle: async ({ body, context }) =>
    jsonResponse(await createAccessPolicy(body.keyName, [...new Set(body.rights)], context), { status: 201 }),
});
