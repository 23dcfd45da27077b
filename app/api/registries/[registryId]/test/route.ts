import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { testRegistry } from "@/lib/data/test-registry";

/** POST /registries/{registryId}/test: can the hub reach and sign in to the registry? */
export const POST = apiRoute<{ registryId: string }>({
  permission: can.manageRegistries,
  handle: ({ params, now }) => testRegistry(params.registryId, now),
});
