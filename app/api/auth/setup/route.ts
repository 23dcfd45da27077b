import { assertSameOrigin } from "@/lib/api/assert-same-origin";
import { apiRoute } from "@/lib/api/route";
import { withSessionCookie } from "@/lib/api/session-cookie-response";
import { login } from "@/lib/auth/login";
import { hashPassword } from "@/lib/auth/password-hash";
import { createUser } from "@/lib/data/operator-users";
import { normalizeUsername, validatePassword } from "@/lib/domain/access";
import { credentialsSchema } from "@/lib/schemas/operators";

/** One-time setup: creates the first admin while no user exists, and signs them in. */
export const POST = apiRoute<Record<string, string>, typeof credentialsSchema>({
  permission: "public",
  body: credentialsSchema,
  handle: async ({ request, body, context }) => {
    assertSameOrigin(request);
    const username = normalizeUsername(body.username);
    const passwordHash = await hashPassword(validatePassword(body.password));
    await createUser({ username, passwordHash, role: "admin", onlyIfFirst: true }, { ...context, actor: "setup" });
    const session = await login({ ...body, clientAddress: context.clientAddress, userAgent: request.headers.get("user-agent"), now: context.now });
    return withSessionCookie(request, session.token, { user: session.user });
  },
});
