import { assertSameOrigin } from "@/lib/api/assert-same-origin";
import { apiRoute } from "@/lib/api/route";
import { withSessionCookie } from "@/lib/api/session-cookie-response";
import { login } from "@/lib/auth/login";
import { credentialsSchema } from "@/lib/schemas/operators";

export const POST = apiRoute<Record<string, string>, typeof credentialsSchema>({
  permission: "public",
  body: credentialsSchema,
  handle: async ({ request, body, context }) => {
    assertSameOrigin(request);
    const session = await login({ ...body, clientAddress: context.clientAddress, userAgent: request.headers.get("user-agent"), now: context.now });
    return withSessionCookie(request, session.token, { user: session.user });
  },
});
