import { can } from "@/lib/api/permissions";
import { parseQueryParams } from "@/lib/api/query-params";
import { apiRoute } from "@/lib/api/route";
import { listRegistryTags } from "@/lib/data/list-registry-tags";
import { isRefresh, tagsQuerySchema } from "@/lib/schemas/registries";

/** GET /registries/{registryId}/tags?repository=R&refresh=1: cached unless refreshed. */
export const GET = apiRoute<{ registryId: string }>({
  permission: can.readRegistry,
  handle: ({ params, url, now }) => {
    const { repository, refresh } = parseQueryParams(tagsQuerySchema, url);
    return listRegistryTags(params.registryId, repository, { refresh: isRefresh(refresh), now });
  },
});
