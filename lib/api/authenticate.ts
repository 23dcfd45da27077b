import { principalFromCookie } from "@/lib/auth/session-principal";
import { findAccessPolicy } from "@/lib/data/access-policies";
import { actorName, principalCan, type Action, type Principal } from "@/lib/domain/access";
import { AppError } from "@/lib/domain/errors";
import { audienceCovers, verifySasToken } from "@/lib/domain/identity";
import { acceptedHosts } from "./accepted-hosts";
import { assertSameOrigin } from "./assert-same-origin";

export type { Principal };
export const actorOf = actorName;

const hostsHolder = globalThis as unknown as { __edgedeckHosts?: string[] };

/**
 * Who is calling, in one place for REST handlers, pages and sockets:
 * - automation: IoT Hub SAS signed with a hub-level policy key (reference §3.1-3.3), `Authorization:
 *   SharedAccessSignature sr={host}&sig=…&se=…&skn={policy}`; every failure is the same 401 so a
 *   caller learns nothing about which policies exist;
 * - operators: the session cookie; a state-changing request must come from the console's own origin
 *   (CSRF), else 403.
 */
export async function authenticate(request: Request, nowSeconds: number): Promise<Principal> {
  const header = request.headers.get("authorization");
  if (header) return authenticatePolicy(header, nowSeconds);
  const principal = await principalFromCookie(request.headers.get("cookie"), new Date(nowSeconds * 1000));
  if (!principal) throw new AppError("IotHubUnauthorizedAccess", "Sign in, or sign the request with a shared access policy");
  assertSameOrigin(request);
  return principal;
}

async function authenticatePolicy(header: string, nowSeconds: number): Promise<Principal> {
  if (!/^SharedAccessSignature\s/i.test(header.trim())) throw unauthorized("Only SharedAccessSignature authorization is supported");
  const skn = /(?:^|[\s&])skn=([^&\s]+)/i.exec(header)?.[1];
  if (!skn) throw unauthorized("The token names no shared access policy (skn)");
  const policy = await findAccessPolicy(safeDecode(skn));
  if (!policy) throw unauthorized("The token is not valid for this hub");
  const verified = verifiedTokens.get(header);
  // A token already verified against these very keys only needs its expiry checked again.
  if (verified && verified.keys === policy.primaryKey + policy.secondaryKey && verified.expiresAt + 300 >= nowSeconds) {
    return { kind: "policy", name: policy.keyName, rights: policy.rights };
  }
  const result = verifySasToken(header, [policy.primaryKey, policy.secondaryKey], nowSeconds);
  if (!result.ok) {
    throw unauthorized(result.reason === "expired" ? "The token has expired" : "The token is not valid for this hub");
  }
  hostsHolder.__edgedeckHosts ??= acceptedHosts();
  if (!audienceCovers(result.audience, { host: hostsHolder.__edgedeckHosts[0] }, hostsHolder.__edgedeckHosts)) {
    throw unauthorized("The token audience does not name this hub");
  }
  rememberToken(header, policy.primaryKey + policy.secondaryKey, result.expiresAt);
  return { kind: "policy", name: policy.keyName, rights: policy.rights };
}

/**
 * Scripts and SDKs reuse one token for many calls; remembering the verified ones saves an HMAC and
 * a parse per request. Bounded, and keyed by the policy keys, so a rotation invalidates at once.
 */
const verifiedTokens = new Map<string, { keys: string; expiresAt: number }>();
const MAX_REMEMBERED_TOKENS = 1000;

function rememberToken(token: string, keys: string, expiresAt: number) {
  if (verifiedTokens.size >= MAX_REMEMBERED_TOKENS) verifiedTokens.delete(verifiedTokens.keys().next().value!);
  verifiedTokens.set(token, { keys, expiresAt });
}

/**
 * The one permission check. Policies get IoT Hub's 401; operators get 403 (they are signed in, the
 * role is what is missing).
 */
export function authorize(principal: Principal, action: Action): void {
  if (principalCan(principal, action)) return;
  if (principal.kind === "policy") {
    throw new AppError("IotHubUnauthorizedAccess", `Policy '${principal.name}' does not grant ${action}`, { permission: action });
  }
  throw new AppError("Forbidden", `The ${principal.role} role does not allow ${action}`, { permission: action });
}

const unauthorized = (message: string) => new AppError("IotHubUnauthorizedAccess", message);

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Keys and connection strings appear in responses only for callers allowed to see secrets. */
export const canSeeSecrets = (principal: Principal | null) => principal !== null && principalCan(principal, "secrets.read");
