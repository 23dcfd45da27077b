import { apiRoute } from "@/lib/api/route";
import { withClearedSessionCookie } from "@/lib/api/session-cookie-response";
import { logout } from "@/lib/auth/login";
import { readCookie, SESSION_COOKIE } from "@/lib/auth/session-token";

/** Ends this session (signed-in operators only; any role). */
export const POST = apiRoute({
  permission: "session",
  handle: async ({ request, context }) => {
    const token = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
    if (token) await logout(token, context.actor, context.clientAddress);
    return withClearedSessionCookie(request, { ok: true });
  },
});
