import { can } from "@/lib/api/permissions";
import { parseQueryParams } from "@/lib/api/query-params";
import { apiRoute } from "@/lib/api/route";
import { searchIdentities } from "@/lib/data/search-identities";
import { searchQuerySchema } from "@/lib/schemas/console";

/** Prefix search on device and module ids for the command palette. */
export const GET = apiRoute({
  permission: can.readRegistry,
  handle: ({ url }) => {
    const { q, limit } = parseQueryParams(searchQuerySchema, url);
    return searchIdentities(q, limit);
  },
});
