import type { AuthenticateError, Client } from "aedes";
import { findAccessPolicy } from "@/lib/data/access-policies";
import { findConnectCredentials } from "@/lib/data/find-connect-credentials";
import { audienceCovers, audienceIdentity, parseSasToken, verifySasToken } from "@/lib/domain/identity";
import { CONNACK, parseConnectIdentity, type MqttIdentity } from "@/lib/domain/mqtt";

export type Verdict =
  | { ok: true; identity: MqttIdentity; expiresAt: number }
  | { ok: false; returnCode: 2 | 3 | 4 | 5; reason: string };

const refuse = (returnCode: 2 | 3 | 4 | 5, reason: string): Verdict => ({ ok: false, returnCode, reason });

/**
 * Judges a CONNECT (reference §3.2, §10.3 point 2): the client id and username must name the same
 * identity, the password must be a SAS token whose audience covers it and that verifies with:
 * - the identity's own keys (`sr` = the device or the module), or
 * - for a module, its device's keys with a device-scope `sr` (edgeHub accepts these), or
 * - a hub policy key with the DeviceConnect right (`skn`; token services and protocol gateways).
 * Disabled devices (and their modules), unknown identities, modules with authentication `none`
 * and non-SAS identities are not authorized (5); every failure names the cause in the log only.
 */
export async function judgeConnect(
  clientId: string | undefined,
  username: string | undefined,
  password: Buffer | undefined,
  acceptedHosts: readonly string[],
  nowSeconds: number,
): Promise<Verdict> {
  const claimed = parseConnectIdentity(clientId, username);
  if (!claimed.ok) return refuse(claimed.returnCode, claimed.reason);
  const { identity } = claimed;
  const token = password?.toString("utf8") ?? "";
  if (!token.startsWith("SharedAccessSignature ")) return refuse(CONNACK.badUsernameOrPassword, "password is not a SAS token");
  // A bare host is an audience that covers nothing but the hub: the same host rule as tokens.
  if (!audienceCovers(claimed.host, { host: claimed.host }, acceptedHosts)) {
    return refuse(CONNACK.notAuthorized, `username host '${claimed.host}' is not this hub`);
  }
  let parsed;
  try {
    parsed = parseSasToken(token);
  } catch {
    return refuse(CONNACK.badUsernameOrPassword, "malformed SAS token");
  }
  if (!audienceCovers(parsed.audience, { host: claimed.host, ...identity }, acceptedHosts)) return refuse(CONNACK.notAuthorized, "token audience does not cover this identity");

  const credentials = await findConnectCredentials(identity);
  if (!credentials) return refuse(CONNACK.notAuthorized, "identity not registered");
  if (credentials.deviceStatus !== "enabled") return refuse(CONNACK.notAuthorized, "device is disabled");
  if (credentials.authType !== "sas") return refuse(CONNACK.notAuthorized, `identity uses authentication '${credentials.authType}'`);

  let keys: string[];
  if (parsed.skn !== undefined) {
    const policy = await findAccessPolicy(parsed.skn);
    if (!policy?.rights.includes("deviceConnect")) return refuse(CONNACK.notAuthorized, "policy unknown or without DeviceConnect");
    keys = [policy.primaryKey, policy.secondaryKey];
  } else {
    const named = audienceIdentity(parsed.audience);
    if (!named?.deviceId) return refuse(CONNACK.notAuthorized, "device tokens must name one device or module");
    const deviceScope = named.moduleId === undefined;
    if (identity.moduleId === undefined || !deviceScope) keys = credentials.keys;
    else if (credentials.deviceAuthType === "sas") keys = credentials.deviceKeys;
    else return refuse(CONNACK.notAuthorized, "device-scope token, but the device has no SAS keys");
  }
  const verified = verifySasToken(token, keys, nowSeconds);
  if (!verified.ok) return refuse(CONNACK.notAuthorized, verified.reason === "expired" ? "token expired" : "token signature invalid");
  return { ok: true, identity, expiresAt: verified.expiresAt };
}

export function authenticateError(returnCode: number, reason: string): AuthenticateError {
  return Object.assign(new Error(reason), { returnCode }) as AuthenticateError;
}

export type { Client };
