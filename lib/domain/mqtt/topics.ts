import { decodePropertyBag, type PropertyBag } from "./property-bag";

/** A device or module identity as it appears in MQTT client ids and topics (ids are never encoded there). */
export type MqttIdentity = { deviceId: string; moduleId?: string };

export const clientIdOf = (identity: MqttIdentity): string =>
  identity.moduleId === undefined ? identity.deviceId : `${identity.deviceId}/${identity.moduleId}`;

/**
 * What a client-to-hub PUBLISH asks for (reference §10.2). Anything not listed is `unknown`, which
 * the ACL refuses. Property bags are decoded here; a malformed one throws ArgumentInvalid.
 */
export type InboundTopic =
  | { kind: "telemetry"; target: MqttIdentity; properties: PropertyBag }
  | { kind: "twinGet"; rid: string }
  | { kind: "twinPatchReported"; rid: string }
  | { kind: "methodResponse"; status: number; rid: string }
  | { kind: "unknown" };

/** `?$rid=1&$version=3` (the leading `?` optional) ⇒ decoded pairs; `$` may arrive as `%24`. */
export function parseTopicQuery(text: string): Record<string, string> {
  const query = text.startsWith("?") ? text.slice(1) : text;
  const out: Record<string, string> = {};
  for (const pair of query.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    try {
      const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      out[key] = eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1));
    } catch {
      /* an undecodable pair names nothing we need */
    }
  }
  return out;
}

const RID = /^[A-Za-z0-9\-_.:]{1,128}$/;

/** `$rid` values are echoed into response topics, so only plain tokens are accepted. */
function ridOf(queryText: string): string | null {
  const rid = parseTopicQuery(queryText).$rid;
  return rid !== undefined && RID.test(rid) ? rid : null;
}

function parseTelemetry(segments: string[]): InboundTopic {
  // devices/{d}/messages/events[/{bag}][/]  or  devices/{d}/modules/{m}/messages/events[/{bag}][/]
  const isModule = segments[2] === "modules";
  const base = isModule ? 6 : 4;
  const head = isModule
    ? segments[4] === "messages" && segments[5] === "events"
    : segments[2] === "messages" && segments[3] === "events";
  if (!head || segments.length < base) return { kind: "unknown" };
  const rest = segments.slice(base);
  // One bag segment at most, optionally followed by the SDK's trailing `/`.
  if (rest.length > 2 || (rest.length === 2 && rest[1] !== "")) return { kind: "unknown" };
  const deviceId = segments[1]!;
  const moduleId = isModule ? segments[3]! : undefined;
  if (!deviceId || moduleId === "") return { kind: "unknown" };
  return {
    kind: "telemetry",
    target: moduleId === undefined ? { deviceId } : { deviceId, moduleId },
    properties: decodePropertyBag(rest[0] ?? ""),
  };
}

export function parseInboundTopic(topic: string): InboundTopic {
  const segments = topic.split("/");
  if (segments[0] === "devices") return parseTelemetry(segments);
  if (segments[0] !== "$iothub") return { kind: "unknown" };
  const last = segments[segments.length - 1] ?? "";
  if (!last.startsWith("?")) return { kind: "unknown" };
  const path = segments.slice(1, -1).join("/");
  const rid = ridOf(last);
  if (rid === null) return { kind: "unknown" };
  if (path === "twin/GET") return { kind: "twinGet", rid };
  if (path === "twin/PATCH/properties/reported") return { kind: "twinPatchReported", rid };
  const method = /^methods\/res\/(\d{3})$/.exec(path);
  if (method) return { kind: "methodResponse", status: Number(method[1]), rid };
  return { kind: "unknown" };
}

// ------------------------------------------------------------------ hub-to-client topics

export const twinResponseTopic = (status: number, rid: string, version?: number) =>
  `$iothub/twin/res/${status}/?$rid=${rid}${version === undefined ? "" : `&$version=${version}`}`;

export const desiredPatchTopic = (version: number) => `$iothub/twin/PATCH/properties/desired/?$version=${version}`;

export const methodRequestTopic = (methodName: string, rid: string) => `$iothub/methods/POST/${methodName}/?$rid=${rid}`;

/** What the SDK subscribes to for each feature (reference §10.2). */
export const SUBSCRIPTIONS = {
  twinResponses: "$iothub/twin/res/#",
  desiredUpdates: "$iothub/twin/PATCH/properties/desired/#",
  methods: "$iothub/methods/POST/#",
} as const;

/**
 * Method names go into a topic level and the SDK parses that topic as a URL path, so they must not
 * contain topic or URL delimiters.
 */
export const METHOD_NAME = /^[A-Za-z0-9\-_.:~!$'()*,;=@]{1,128}$/;

/** MQTT topic filter matching (`+` one level, `#` the rest, `$` topics not matched by leading wildcards). */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith("$") && (filter.startsWith("#") || filter.startsWith("+"))) return false;
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "#") return true;
    if (i >= t.length) return false;
    if (f[i] !== "+" && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
