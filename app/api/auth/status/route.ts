import { apiRoute } from "@/lib/api/route";
import { principalFromCookie } from "@/lib/auth/session-principal";
import { countUsers } from "@/lib/data/operator-users";
import { ROLE_ACTIONS } from "@/lib/domain/access";

/** For the console: is setup still open, and who is signed in with which actions. */
export const GET = apiRoute({
  permission: "public",
  handle: async ({ request, now }) => {
    const principal = await principalFromCookie(request.headers.get("cookie"), now);
    const user = principal?.kind === "user" ? principal : null;
    return {
      setupRequired: (await countUsers()) === 0,
      user: user && { id: user.userId, username: user.username, role: user.role, actions: ROLE_ACTIONS[user.role] },
    };
  },
});
