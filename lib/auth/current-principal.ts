import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { countUsers } from "@/lib/data/operator-users";
import { ROLE_ACTIONS, type Action } from "@/lib/domain/access";
import { principalFromCookie } from "./session-principal";

export type CurrentUser = { id: string; username: string; role: "viewer" | "operator" | "admin"; actions: readonly Action[] };

/**
 * For server components: the signed-in operator, or a redirect to setup (no user yet) or sign-in.
 * Pages render only what the role allows; the REST API enforces it again.
 */
export async function requireCurrentUser(): Promise<CurrentUser> {
  const cookieHeader = (await headers()).get("cookie") ?? (await cookies()).toString();
  const principal = await principalFromCookie(cookieHeader, new Date());
  if (!principal || principal.kind !== "user") {
    redirect((await countUsers()) === 0 ? "/setup" : "/login");
  }
  return { id: principal.userId, username: principal.username, role: principal.role, actions: ROLE_ACTIONS[principal.role] };
}
