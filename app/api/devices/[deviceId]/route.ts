import { can } from "@/lib/api/permissions";
import { canSeeSecrets } from "@/lib/api/authenticate";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { createOrUpdateDevice } from "@/lib/data/create-or-update-device";
import { deleteDevice } from "@/lib/data/delete-device";
import { getDevice } from "@/lib/data/get-device";
import { deviceBodySchema } from "@/lib/schemas/identity";

type P = { deviceId: string };

export const GET = apiRoute<P>({
  permission: can.readRegistry,
  handle: ({ params, principal }) => getDevice(params.deviceId, { includeKeys: canSeeSecrets(principal) }),
});

export const PUT = apiRoute<P, typeof deviceBodySchema>({
  permission: can.writeRegistry,
  body: deviceBodySchema,
  handle: async ({ params, body, request, context }) => {
    const { device } = await createOrUpdateDevice(params.deviceId, body, request.headers.get("if-match"), context);
    return device;
  },
});

export const DELETE = apiRoute<P>({
  permission: can.writeRegistry,
  handle: async ({ params, request, context }) => {
    await deleteDevice(params.deviceId, request.headers.get("if-match"), context);
    return jsonResponse(undefined, { status: 204 });
  },
});
