import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { getDeployment } from "@/lib/data/get-deployment";
import { deleteDeployment, putDeployment } from "@/lib/data/put-deployment";
import { configurationBodySchema } from "@/lib/schemas/deployments";

type P = { configurationId: string };

export const GET = apiRoute<P>({
  permission: can.readTwins,
  handle: ({ params }) => getDeployment(params.configurationId),
});

/** Create without If-Match; update the mutable fields with If-Match (reference §5.1). */
export const PUT = apiRoute<P, typeof configurationBodySchema>({
  permission: can.writeDeployments,
  body: configurationBodySchema,
  handle: async ({ params, body, request, context }) =>
    (await putDeployment(params.configurationId, body, request.headers.get("if-match"), context)).configuration,
});

export const DELETE = apiRoute<P>({
  permission: can.writeDeployments,
  handle: async ({ params, request, context }) => {
    await deleteDeployment(params.configurationId, request.headers.get("if-match"), context);
    return new Response(null, { status: 204 });
  },
});
