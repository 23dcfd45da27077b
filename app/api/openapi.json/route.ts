import { openApiDocument } from "@/lib/api/openapi/document";
import { apiRoute } from "@/lib/api/route";

/** GET /api/openapi.json: the OpenAPI 3.1 description of this API. Public, like /api/health. */
export const GET = apiRoute({ permission: "public", handle: async () => openApiDocument });
