import { can } from "@/lib/api/permissions";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { deleteAccessPolicy } from "@/lib/data/manage-access-policies";

export const DELETE = apiRoute<{ keyName: string }>({
  permission: can.managePolicies,
  handle: async ({ params, context }) => {
    await deleteAccessPolicy(params.keyName, context);
    return jsonResponse(undefined, { status: 204 });
  },
});
