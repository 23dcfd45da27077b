import { parseInboundTopic, SUBSCRIPTIONS, type InboundTopic, type MqttIdentity } from "./topics";

export type AcceptedTopic = Exclude<InboundTopic, { kind: "unknown" }>;
export type PublishDecision = { allowed: true; topic: AcceptedTopic } | { allowed: false; reason: string };
export type SubscribeDecision = { allowed: true; qos: 0 | 1 } | { allowed: false; reason: string };

const sameIdentity = (a: MqttIdentity, b: MqttIdentity) => a.deviceId === b.deviceId && a.moduleId === b.moduleId;

/**
 * Per-identity publish rule (reference §10.3 point 5): telemetry only on the client's own events
 * topic, plus the twin and method request/response topics of the `$iothub` family. QoS 2 is
 * refused (IoT Hub closes the connection). Malformed property bags are refused here too, so the
 * handler never sees them.
 */
export function decidePublish(identity: MqttIdentity, topic: string, qos: number): PublishDecision {
  if (qos > 1) return { allowed: false, reason: "QoS 2 is not supported" };
  let parsed;
  try {
    parsed = parseInboundTopic(topic);
  } catch (error) {
    return { allowed: false, reason: error instanceof Error ? error.message : "malformed topic" };
  }
  switch (parsed.kind) {
    case "telemetry":
      return sameIdentity(parsed.target, identity)
        ? { allowed: true, topic: parsed }
        : { allowed: false, reason: "telemetry for another identity" };
    case "twinGet":
    case "twinPatchReported":
    case "methodResponse":
      return { allowed: true, topic: parsed };
    default:
      return { allowed: false, reason: "topic is not one the hub accepts" };
  }
}

/**
 * Per-identity subscribe rule: the three `$iothub` families, the device's own cloud-to-device
 * topic (device clients) and the module's own inputs (module clients). Anything else, including
 * `#`, is refused (SUBACK 0x80). Granted QoS is at most 1.
 */
export function decideSubscribe(identity: MqttIdentity, filter: string, requestedQos: number): SubscribeDecision {
  const qos: 0 | 1 = requestedQos >= 1 ? 1 : 0;
  const own =
    identity.moduleId === undefined
      ? [`devices/${identity.deviceId}/messages/devicebound/#`]
      : [`devices/${identity.deviceId}/modules/${identity.moduleId}/inputs/#`];
  const allowed = [...Object.values(SUBSCRIPTIONS), ...own];
  if (allowed.includes(filter)) return { allowed: true, qos };
  // Narrower filters inside the same families are harmless (e.g. one method name, one input).
  // Wildcards are allowed only as that trailing `/#`, never in the narrowing part.
  const prefixes = allowed.map((f) => f.slice(0, -1));
  const narrowed = (p: string) => {
    if (!filter.startsWith(p)) return false;
    const rest = filter.slice(p.length).replace(/\/#$/, "");
    return rest !== "" && !rest.includes("#") && !rest.includes("+");
  };
  if (prefixes.some(narrowed)) return { allowed: true, qos };
  return { allowed: false, reason: `subscription to '${filter.slice(0, 200)}' is not allowed for this identity` };
}
