import { can } from "@/lib/api/permissions";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { createOrUpdateDevice } from "@/lib/data/create-or-update-device";
import { deleteDevice } from "@/lib/data/delete-device";
import { getDevice } from "@/lib/data/get-device";
import { deviceBodySchema } from "@/lib/schemas/identity";

type P = { deviceId: string };

export const GET = apiRoute<P>({
  permission: can.readRegistry,
  handle: ({ params }) => getDevice(params.deviceId, { includeKeys: true }),
});

export const PUT = apiRoute<P, typeof deviceBodySchema>({
  permission: can.writeRegistry,
  body: deviceBodySchema,
  handle: async ({ params, body, request, actor, now }) => {
    const { device } = await createOrUpdateDevice(params.deviceId, body, request.headers.get("if-match"), { actor, now });
    return device;
  },
});

export const DELETE = apiRoute<P>({
  permission: can.writeRegistry,
  handle: async ({ params, request }) => {
    await deleteDevice(params.deviceId, request.headers.get("if-match"));
    return jsonResponse(undefined, { status: 204 });
  },
});
