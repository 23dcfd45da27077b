import { can } from "@/lib/api/permissions";
import { parseQueryParams } from "@/lib/api/query-params";
import { apiRoute } from "@/lib/api/route";
import { searchImages } from "@/lib/data/search-images";
import { imageSearchQuerySchema } from "@/lib/schemas/registries";

/** GET /images?q=: images across the built-in catalog and the cached repositories of every source. */
export const GET = apiRoute({
  permission: can.readRegistry,
  handle: ({ url }) => {
    const { q, limit } = parseQueryParams(imageSearchQuerySchema, url);
    return searchImages(q, limit);
  },
});
