import { can } from "@/lib/api/permissions";
import { parseQueryParams } from "@/lib/api/query-params";
import { apiRoute } from "@/lib/api/route";
import { listRegistryRepositories } from "@/lib/data/list-registry-repositories";
import { isRefresh, repositoriesQuerySchema } from "@/lib/schemas/registries";

/** GET /registries/{registryId}/repositories?q=&refresh=1: cached unless refreshed. */
export const GET = apiRoute<{ registryId: string }>({
  permission: can.readRegistry,
  handle: ({ params, url, now }) => {
    const { q, refresh } = parseQueryParams(repositoriesQuerySchema, url);
    return listRegistryRepositories(params.registryId, { q, refresh: isRefresh(refresh), now });
  },
});
