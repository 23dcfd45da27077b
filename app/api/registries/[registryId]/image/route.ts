import { can } from "@/lib/api/permissions";
import { parseQueryParams } from "@/lib/api/query-params";
import { apiRoute } from "@/lib/api/route";
import { getRegistryImage } from "@/lib/data/get-registry-image";
import { imageQuerySchema, isRefresh } from "@/lib/schemas/registries";

/** GET /registries/{registryId}/image?repository=R&reference=TAG_OR_DIGEST: digest, platforms, config. */
export const GET = apiRoute<{ registryId: string }>({
  permission: can.readRegistry,
  handle: ({ params, url, now }) => {
    const { repository, reference, refresh } = parseQueryParams(imageQuerySchema, url);
    return getRegistryImage(params.registryId, repository, reference, { refresh: isRefresh(refresh), now });
  },
});
