import { judgeSession, type Principal } from "@/lib/domain/access";
import { deleteSession, findSession, touchSession } from "@/lib/data/operator-sessions";
import { env } from "@/lib/env";
import { hashSessionToken, readCookie, SESSION_COOKIE } from "./session-token";

export const sessionLimits = () => ({
  idleMs: env.SESSION_IDLE_MINUTES * 60_000,
  absoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
});

/**
 * The operator behind a session cookie, or null: unknown token, idle or absolute limit passed
 * (the session is then deleted), or the account disabled.
 */
export async function principalFromCookie(cookieHeader: string | null | undefined, now: Date): Promise<Principal | null> {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  if (!token) return null;
  const tokenHash = hashSessionToken(token);
  const session = await findSession(tokenHash);
  if (!session || session.disabled) return null;
  const verdict = judgeSession(session, now.getTime(), sessionLimits());
  if (!verdict.valid) {
    await deleteSession(tokenHash);
    return null;
  }
  if (verdict.touch) await touchSession(tokenHash, now);
  return { kind: "user", userId: session.userId, username: session.username, role: session.role, sessionId: tokenHash };
}
