import { can } from "@/lib/api/permissions";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { queryTwins } from "@/lib/data/query-twins";
import { AppError } from "@/lib/domain/errors";
import { queryBodySchema } from "@/lib/schemas/twin";

/** POST /devices/query with x-ms-max-item-count and x-ms-continuation (reference §4.2, §9). */
export const POST = apiRoute<Record<string, string>, typeof queryBodySchema>({
  permission: can.query,
  body: queryBodySchema,
  handle: async ({ body, request }) => {
    const maxItems = request.headers.get("x-ms-max-item-count");
    const pageSize = maxItems === null ? undefined : Number(maxItems);
    if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) {
      throw new AppError("ArgumentInvalid", "x-ms-max-item-count must be a positive integer", {
        path: "x-ms-max-item-count",
      });
    }
    const page = await queryTwins(body.query, {
      pageSize,
      continuation: request.headers.get("x-ms-continuation") || null,
    });
    const headers: Record<string, string> = { "x-ms-item-type": page.itemType };
    // Absent, never empty, on the last page: the SDKs loop forever on an empty token.
    if (page.continuation) headers["x-ms-continuation"] = page.continuation;
    return jsonResponse(page.items, { headers });
  },
});
