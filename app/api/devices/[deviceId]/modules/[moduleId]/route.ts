import { can } from "@/lib/api/permissions";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { createOrUpdateModule } from "@/lib/data/create-or-update-module";
import { deleteModule } from "@/lib/data/delete-module";
import { getModule } from "@/lib/data/get-module";
import { moduleBodySchema } from "@/lib/schemas/identity";

type P = { deviceId: string; moduleId: string };

export const GET = apiRoute<P>({
  permission: can.readRegistry,
  handle: ({ params }) => getModule(params.deviceId, params.moduleId, { includeKeys: true }),
});

export const PUT = apiRoute<P, typeof moduleBodySchema>({
  permission: can.writeRegistry,
  body: moduleBodySchema,
  handle: async ({ params, body, request, actor, now }) => {
    const { module, created } = await createOrUpdateModule(
      params.deviceId,
      params.moduleId,
      body,
      request.headers.get("if-match"),
      { actor, now },
    );
    return jsonResponse(module, { status: created ? 201 : 200 });
  },
});

export const DELETE = apiRoute<P>({
  permission: can.writeRegistry,
  handle: async ({ params, request }) => {
    await deleteModule(params.deviceId, params.moduleId, request.headers.get("if-match"));
    return jsonResponse(undefined, { status: 204 });
  },
});
