import type { AedesOptions, AedesPublishPacket, Client, PublishPacket, Subscription } from "aedes";
import { CONNACK, decidePublish, decideSubscribe } from "@/lib/domain/mqtt";
import { authenticateError, judgeConnect } from "./authenticate-client";
import type { ConnectionTracker } from "./connection-tracker";
import type { DirectMethods } from "./direct-methods";
import { SessionRegistry } from "./sessions";
import type { MessageDto } from "@/lib/data/list-messages";
import { MAX_MESSAGE_BYTES, storeTelemetry } from "./telemetry";
import { answerReportedPatch, answerTwinGet } from "./twin-requests";
import type { DeliveryRecorder } from "./delivery-recorder";

export type HandlerDeps = {
  sessions: SessionRegistry;
  tracker: ConnectionTracker;
  methods: DirectMethods;
  acceptedHosts: readonly string[];
  /** Told of every stored telemetry message (the console's live message view). */
  onMessage?: (message: MessageDto) => void;
  /** Desired versions delivered by twin GETs (pending operations' receipts). */
  deliveries?: DeliveryRecorder;
};

/** A listener's failure must not turn a stored message into a refused one. */
function notify(deps: HandlerDeps, message: MessageDto): void {
  try {
    deps.onMessage?.(message);
  } catch (error) {
    console.error("[mqtt] message listener failed", error);
  }
}

/** Errors that end a client and were logged already (aedes reports them again as `clientError`). */
export const loggedRefusals = new WeakSet<Error>();
const refusal = (reason: string) => {
  const error = new Error(reason);
  loggedRefusals.add(error);
  return error;
};

/** verifySasToken's default allowance for clocks that are behind. */
const CLOCK_SKEW_MS = 300_000;
/** setTimeout cannot wait longer than this; longer-lived tokens simply are not timed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const who = (client: Client | null) => `${client?.id ?? "?"} (${(client?.conn as { remoteAddress?: string } | undefined)?.remoteAddress ?? "?"})`;

/**
 * The aedes hooks that turn a generic broker into IoT Hub's device endpoint: authentication,
 * the per-identity ACL, and the hub acting as the twin, method and telemetry service for what a
 * client publishes (reference §10.3). Client publishes are handled inside `authorizePublish`, which
 * runs before aedes sends PUBACK: an acknowledged QoS 1 message is already stored, and a client
 * whose requests are slow to serve is not read from meanwhile (backpressure). Nothing a client
 * publishes is forwarded to other clients.
 */
export function brokerHandlers(deps: HandlerDeps): Partial<AedesOptions> {
  const { sessions, tracker, methods } = deps;
  // aedes invents an id for an empty client id before authentication; remember who sent none.
  const withoutClientId = new WeakSet<Client>();
  return {
    preConnect(client, packet, done) {
      if (!packet.clientId) withoutClientId.add(client);
      grantAtMostQos1(client);
      done(null, true);
    },

    authenticate(client, username, password, done) {
      if (withoutClientId.has(client)) return done(authenticateError(CONNACK.identifierRejected, "empty client id"), false);
      judgeConnect(client.id, username, password, deps.acceptedHosts, Date.now() / 1000)
        .then((verdict) => {
          if (!verdict.ok) {
            console.warn(`[mqtt] CONNECT refused (${verdict.returnCode}) for ${who(client)}: ${verdict.reason}`);
            return done(authenticateError(verdict.returnCode, verdict.reason), false);
          }
          // A token accepted only thanks to the clock-skew allowance lasts until that runs out.
          const expiresMs = verdict.expiresAt * 1000;
          const lifetimeMs = (expiresMs > Date.now() ? expiresMs : expiresMs + CLOCK_SKEW_MS) - Date.now();
          const expiryTimer =
            lifetimeMs < MAX_TIMER_MS
              ? setTimeout(() => {
                  console.log(`[mqtt] token of ${who(client)} expired: disconnecting`);
                  client.close();
                }, Math.max(lifetimeMs, 0)).unref()
              : undefined;
          // Also when the CONNECT fails later on and no clientDisconnect follows.
          if (expiryTimer) client.conn.once("close", () => clearTimeout(expiryTimer));
          sessions.authenticated(client, { identity: verdict.identity, expiryTimer });
          done(null, true);
        })
        .catch((error) => {
          console.error("[mqtt] authentication failed", error);
          done(authenticateError(3, "server unavailable"), false);
        });
    },

    authorizePublish(client, packet, done) {
      const session = sessions.sessionOf(client);
      if (!client || !session) return done(new Error("not authenticated"));
      const decision = decidePublish(session.identity, packet.topic, packet.qos);
      if (!decision.allowed) {
        console.warn(`[mqtt] PUBLISH refused for ${who(client)} on '${packet.topic.slice(0, 200)}': ${decision.reason}; disconnecting`);
        return done(refusal(decision.reason));
      }
      if (packet.payload.length > MAX_MESSAGE_BYTES) {
        console.warn(`[mqtt] PUBLISH of ${packet.payload.length} bytes from ${who(client)} exceeds ${MAX_MESSAGE_BYTES}; disconnecting`);
        return done(refusal("message too large"));
      }
      // IoT Hub never retains; the flag becomes a property of the stored message instead.
      const retain = packet.retain;
      packet.retain = false;
      tracker.activity(session.identity);
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      const topic = decision.topic;
      const work =
        topic.kind === "telemetry"
          ? storeTelemetry(session.identity, topic.properties, payload, retain).then((message) => notify(deps, message))
          : topic.kind === "twinGet"
            ? answerTwinGet(client, session.identity, topic.rid, (version) => deps.deliveries?.delivered(session.identity, version, "get"))
            : topic.kind === "twinPatchReported"
              ? answerReportedPatch(client, session, topic.rid, payload)
              : Promise.resolve(methods.answered(client, topic.rid, topic.status, payload));
      work.then(
        () => done(null),
        (error) => {
          // Not acknowledged: the device keeps the message and sends it again after reconnecting.
          console.error(`[mqtt] could not handle a PUBLISH from ${who(client)}; disconnecting`, error);
          done(refusal(error instanceof Error ? error.message : String(error)));
        },
      );
    },

    authorizeSubscribe(client, subscription: Subscription, done) {
      const session = sessions.sessionOf(client);
      if (!session) return done(new Error("not authenticated"));
      const decision = decideSubscribe(session.identity, subscription.topic, subscription.qos);
      if (!decision.allowed) {
        console.warn(`[mqtt] SUBSCRIBE refused for ${who(client)}: ${decision.reason}`);
        return done(null, null); // SUBACK 0x80 for this filter; the connection stays up
      }
      done(null, { ...subscription, qos: decision.qos });
    },

    // Only what the hub itself sends reaches a client; client publishes are never routed on.
    authorizeForward(_client, packet: AedesPublishPacket) {
      return (packet as PublishPacket & { clientId?: string }).clientId ? null : packet;
    },
  };
}

/**
 * IoT Hub grants at most QoS 1 (reference §10.3 point 5). aedes fixes the granted QoS of a SUBACK
 * before `authorizeSubscribe` runs, so the requested QoS is lowered as the packet leaves the parser,
 * ahead of aedes' own listener.
 */
function grantAtMostQos1(client: Client) {
  const parser = (client as Client & { _parser?: import("node:events").EventEmitter })._parser;
  parser?.prependListener("packet", (packet: { cmd?: string; subscriptions?: Array<{ qos: number }> }) => {
    if (packet.cmd !== "subscribe") return;
    for (const subscription of packet.subscriptions ?? []) if (subscription.qos > 1) subscription.qos = 1;
  });
}

/** Wires the broker's lifecycle events to the session registry and the connection state. */
export function trackSessions(
  broker: { on(event: "client" | "clientDisconnect", listener: (client: Client) => void): unknown },
  deps: HandlerDeps,
) {
  broker.on("client", (client) => {
    const identity = deps.sessions.opened(client);
    if (identity) deps.tracker.changed(identity);
  });
  broker.on("clientDisconnect", (client) => {
    const identity = deps.sessions.closed(client);
    deps.methods.disconnected(client);
    if (identity) deps.tracker.changed(identity);
  });
}
