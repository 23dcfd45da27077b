import { can } from "@/lib/api/permissions";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { createRegistry } from "@/lib/data/create-registry";
import { listRegistries } from "@/lib/data/list-registries";
import { registryCreateSchema } from "@/lib/schemas/registries";

/** GET /registries: the built-in catalog and the added sources (never a password). POST: add a source. */
export const GET = apiRoute({
  permission: can.readRegistry,
  handle: () => listRegistries(),
});

export const POST = apiRoute<Record<string, string>, typeof registryCreateSchema>({
  permission: can.manageRegistries,
  body: registryCreateSchema,
  handle: async ({ body, context }) => jsonResponse(await createRegistry(body, context), { status: 201 }),
});
