import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { deleteRegistry } from "@/lib/data/delete-registry";

/** DELETE /registries/{registryId}: the source and everything cached from it. */
export const DELETE = apiRoute<{ registryId: string }>({
  permission: can.manageRegistries,
  handle: async ({ params, context }) => {
    await deleteRegistry(params.registryId, context);
    return new Response(null, { status: 204 });
  },
});
