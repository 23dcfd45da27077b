import { findAccessPolicy } from "@/lib/data/access-policies";
import { AppError } from "@/lib/domain/errors";
import { audienceCovers, policyGrants, verifySasToken, type Right } from "@/lib/domain/identity";
import { acceptedHosts } from "./accepted-hosts";

/** Who is calling. Operator sessions (a later issue) add a `user` kind beside `policy`. */
export type Principal = { kind: "policy"; name: string; rights: Right[] };

export const actorOf = (principal: Principal) => `${principal.kind}:${principal.name}`;

const hostsHolder = globalThis as unknown as { __edgedeckHosts?: string[] };

/**
 * Hub-level SAS authentication (reference §3.1-3.3): `Authorization: SharedAccessSignature
 * sr={host}&sig=…&se=…&skn={policy}`. Every failure is the same 401 so that a caller learns nothing
 * about which policies exist.
 */
export async function authenticate(request: Request, nowSeconds: number): Promise<Principal> {
  const header = request.headers.get("authorization");
  if (!header) throw unauthorized("The request carries no Authorization header");
  if (!/^SharedAccessSignature\s/i.test(header.trim())) throw unauthorized("Only SharedAccessSignature authorization is supported");
  const skn = /(?:^|[\s&])skn=([^&\s]+)/i.exec(header)?.[1];
  if (!skn) throw unauthorized("The token names no shared access policy (skn)");
  const policy = await findAccessPolicy(safeDecode(skn));
  if (!policy) throw unauthorized("The token is not valid for this hub");
  const result = verifySasToken(header, [policy.primaryKey, policy.secondaryKey], nowSeconds);
  if (!result.ok) {
    throw unauthorized(result.reason === "expired" ? "The token has expired" : "The token is not valid for this hub");
  }
  hostsHolder.__edgedeckHosts ??= acceptedHosts();
  if (!audienceCovers(result.audience, { host: hostsHolder.__edgedeckHosts[0] }, hostsHolder.__edgedeckHosts)) {
    throw unauthorized("The token audience does not name this hub");
  }
  return { kind: "policy", name: policy.keyName, rights: policy.rights };
}

/** Passes when the principal holds any one of the rights named. */
export function authorize(principal: Principal, anyOf: readonly Right[]): void {
  if (!anyOf.some((right) => policyGrants(principal.rights, right))) {
    throw new AppError("IotHubUnauthorizedAccess", `Policy '${principal.name}' lacks the ${anyOf.join(" or ")} permission`, {
      permission: anyOf.join("|"),
    });
  }
}

const unauthorized = (message: string) => new AppError("IotHubUnauthorizedAccess", message);

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
