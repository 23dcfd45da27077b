import { can } from "@/lib/api/permissions";
import { canSeeSecrets } from "@/lib/api/authenticate";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { createOrUpdateModule } from "@/lib/data/create-or-update-module";
import { deleteModule } from "@/lib/data/delete-module";
import { getModule } from "@/lib/data/get-module";
import { moduleBodySchema } from "@/lib/schemas/identity";

type P = { deviceId: string; moduleId: string };

export const GET = apiRoute<P>({
  permission: can.readRegistry,
  handle: ({ params, principal }) => getModule(params.deviceId, params.moduleId, { includeKeys: canSeeSecrets(principal) }),
});

export const PUT = apiRoute<P, typeof moduleBodySchema>({
  permission: can.writeRegistry,
  body: moduleBodySchema,
  handle: async ({ params, body, request, context }) => {
    const { module, created } = await createOrUpdateModule(
      params.deviceId,
      params.moduleId,
      body,
      request.headers.get("if-match"),
      context,
    );
    return jsonResponse(module, { status: created ? 201 : 200 });
  },
});

export const DELETE = apiRoute<P>({
  permission: can.writeRegistry,
  handle: async ({ params, request, context }) => {
    await deleteModule(params.deviceId, params.moduleId, request.headers.get("if-match"), context);
    return jsonResponse(undefined, { status: 204 });
  },
});
