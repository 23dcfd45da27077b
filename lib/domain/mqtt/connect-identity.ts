import { isAppError } from "../errors";
import { validateDeviceId, validateModuleId } from "../identity/ids";
import { parseTopicQuery, type MqttIdentity } from "./topics";

/** MQTT 3.1.1 CONNACK return codes used by the endpoint. */
export const CONNACK = {
  identifierRejected: 2,
  serverUnavailable: 3,
  badUsernameOrPassword: 4,
  notAuthorized: 5,
} as const;

export type ConnectIdentity =
  | { ok: true; identity: MqttIdentity; host: string; query: Record<string, string> }
  | { ok: false; returnCode: 2 | 4; reason: string };

function validIds(parts: string[]): MqttIdentity | null {
  try {
    const deviceId = validateDeviceId(parts[0]);
    if (parts.length === 1) return { deviceId };
    return { deviceId, moduleId: validateModuleId(parts[1], "moduleId", { allowSystem: true }) };
  } catch (error) {
    if (isAppError(error)) return null;
    throw error;
  }
}

/**
 * Who a CONNECT claims to be (reference §10.1, §10.3): clientId `{device}` or `{device}/{module}`,
 * username `{host}/{clientId}/?api-version=…`. Ids follow the registry's id rule, so `#`, `+` and
 * `/` are refused as an identifier problem (2); a username that does not name the same identity,
 * or has no host, is a credentials problem (4). The username is checked against the client id
 * rather than split on `/?`, because ids may themselves contain `?`.
 */
export function parseConnectIdentity(clientId: string | undefined, username: string | undefined): ConnectIdentity {
  const parts = (clientId ?? "").split("/");
  if (!clientId || parts.length > 2) {
    return { ok: false, returnCode: 2, reason: "client id must be {deviceId} or {deviceId}/{moduleId}" };
  }
  const identity = validIds(parts);
  if (!identity) return { ok: false, returnCode: 2, reason: `client id '${clientId.slice(0, 300)}' breaks the id rule` };
  if (!username) return { ok: false, returnCode: 4, reason: "no username" };
  const slash = username.indexOf("/");
  const host = slash < 0 ? "" : username.slice(0, slash);
  if (!host || /[#+\s]/.test(host)) return { ok: false, returnCode: 4, reason: "username has no valid host" };
  const rest = username.slice(slash + 1);
  if (!rest.startsWith(`${clientId}/`)) {
    return { ok: false, returnCode: 4, reason: "username must be {host}/{clientId}/?api-version=… with the same ids as the client id" };
  }
  const queryText = rest.slice(clientId.length + 1);
  if (queryText !== "" && !queryText.startsWith("?")) {
    return { ok: false, returnCode: 4, reason: "username has extra path segments after the client id" };
  }
  return { ok: true, identity, host, query: parseTopicQuery(queryText) };
}
