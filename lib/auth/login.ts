import { afterFailure, DEFAULT_THROTTLE, lockedFor, normalizeUsername } from "@/lib/domain/access";
import { AppError } from "@/lib/domain/errors";
import { clearLoginThrottle, readLoginThrottle, recordLoginFailure } from "@/lib/data/login-throttle";
import { createSession, deleteSession } from "@/lib/data/operator-sessions";
import { findUserForLogin } from "@/lib/data/operator-users";
import { recordAudit } from "@/lib/data/record-audit";
import { decoyHash, verifyPassword } from "./password-hash";
import { hashSessionToken, newSessionToken } from "./session-token";

type LoginInput = { username: unknown; password: unknown; clientAddress: string | null; userAgent: string | null; now: Date };

const INVALID = "Invalid username or password";

/**
 * Signs a user in. Unknown users, wrong passwords and disabled accounts get the same 401 after the
 * same Argon2 work; 10 failures in 15 minutes lock that (username, address) pair for 15 minutes.
 */
export async function login(input: LoginInput) {
  const address = input.clientAddress ?? "unknown";
  const password = typeof input.password === "string" ? input.password : "";
  let username: string;
  try {
    username = normalizeUsername(input.username);
  } catch {
    await verifyPassword(await decoyHash(), password);
    throw new AppError("IotHubUnauthorizedAccess", INVALID);
  }
  const now = input.now.getTime();
  const throttle = await readLoginThrottle(username, address);
  const waitMs = lockedFor(throttle, now);
  if (waitMs > 0) {
    await recordAudit({ actor: `user:${username}`, clientAddress: input.clientAddress, action: "login.locked", targetKind: "user", targetId: username, outcome: "failure" });
    throw new AppError(
      "ThrottlingException",
      `Too many failed sign-ins for ${username} from your address. Try again in ${Math.ceil(waitMs / 60_000)} minutes.`,
      { path: "username", retryAfterSeconds: Math.ceil(waitMs / 1000) },
    );
  }
  const user = await findUserForLogin(username);
  const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyHash()), password);
  if (!user || !passwordOk || user.disabled) {
    await recordLoginFailure(username, address, input.now, (current) => afterFailure(current, now, DEFAULT_THROTTLE));
    await recordAudit({
      actor: `user:${username}`,
      clientAddress: input.clientAddress,
      action: "login.failure",
      targetKind: "user",
      targetId: user?.id ?? username,
      outcome: "failure",
    });
    throw new AppError("IotHubUnauthorizedAccess", INVALID);
  }
  if (throttle) await clearLoginThrottle(username, address);
  const { token, tokenHash } = newSessionToken();
  await createSession({ tokenHash, userId: user.id, clientAddress: input.clientAddress, userAgent: input.userAgent });
  await recordAudit({ actor: `user:${username}`, clientAddress: input.clientAddress, action: "login", targetKind: "session", targetId: user.id });
  return { token, user: { id: user.id, username: user.username, role: user.role } };
}

export async function logout(token: string, actor: string, clientAddress: string | null) {
  await deleteSession(hashSessionToken(token));
  await recordAudit({ actor, clientAddress, action: "logout", targetKind: "session", targetId: actor });
}
