import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import { Aedes } from "aedes";
import { findSessionNode } from "@/lib/data/cluster-nodes";
import { deleteExpiredMessages } from "@/lib/data/delete-expired-messages";
import { deleteExpiredMethodCalls } from "@/lib/data/delete-expired-method-calls";
import type { MessageDto } from "@/lib/data/list-messages";
import { getStore } from "@/lib/data/store";
import type { MqttIdentity } from "@/lib/domain/mqtt";
import type { ChangeEvent } from "@/lib/realtime/events";
import { ChangeRelay } from "@/lib/realtime/server/change-relay";
import { singleNodeBus, type ClusterBus } from "@/lib/realtime/server/cluster";
import { brokerHandlers, loggedRefusals, trackSessions } from "./broker-handlers";
import { ConnectionTracker } from "./connection-tracker";
import { DeliveryRecorder } from "./delivery-recorder";
import { createDesiredPush } from "./desired-push";
import { DirectMethods, type MethodInvocation } from "./direct-methods";
import { limitPacketSize } from "./frame-limit";
import { createIdentityRevocation } from "./identity-revocation";
import { registerDeviceEndpoint, type DeviceEndpointHandle } from "./endpoint-registry";
import { RemoteMethods } from "./remote-methods";
import { SessionRegistry } from "./sessions";
import { MAX_MESSAGE_BYTES } from "./telemetry";
import type { TlsMaterial } from "./tls-material";
import { attachWebSocketTransport } from "./websocket-transport";

/** The change feed, shared with Socket.IO when the server passes its relay. */
export type ChangeSource = { onChange(listener: (event: ChangeEvent) => void): () => void };

export type DeviceEndpointOptions = {
  host: string;
  /** 0 picks a free port (tests); the chosen one is `port` on the result. */
  port: number;
  tls: TlsMaterial;
  /** Host names a token audience or username may name (lib/api/accepted-hosts). */
  acceptedHosts: readonly string[];
  /** MQTT over WebSocket on this HTTP server, at /$iothub/websocket. */
  httpServer?: HttpServer;
  /** Without one the endpoint tails the change feed itself. */
  changes?: ChangeSource;
  /** Delete telemetry (and queued method call receipts) older than this; no sweep when absent. */
  messageRetentionHours?: number;
  /** At most one lastActivityTime write per identity per this many ms (default 30 s). */
  activityEveryMs?: number;
  /** Register on globalThis for REST handlers (default true; tests running two endpoints say false). */
  register?: boolean;
  /** The other server processes on the same PostgreSQL (default: none, a single node). */
  cluster?: ClusterBus;
  /** Told of every stored telemetry message. */
  onMessage?: (message: MessageDto) => void;
  /** A client whose socket stays full (it stopped reading) this long is disconnected (default 15 s). */
  drainTimeoutMs?: number;
};

export type DeviceEndpoint = DeviceEndpointHandle & {
  readonly port: number;
  isConnected(identity: MqttIdentity): boolean;
  /** Bytes written to clients and not yet taken by them, over all sessions (bounded per client). */
  bufferedBytes(): number;
  /** Whether the identity's live session would receive a publish on `topic` (e.g. desired updates). */
  isSubscribed(identity: MqttIdentity, topic: string): boolean;
  close(): Promise<void>;
};

const SWEEP_MS = 10 * 60_000;
/** Cluster message: a client id opened a session on the sending node. */
const SESSION_OPENED = "edgedeck:mqtt-session-opened";
/** Room for the topic (≤ 64 KiB) and headers around the largest accepted body. */
const MAX_PACKET_BYTES = MAX_MESSAGE_BYTES + 70 * 1024;

/**
 * The device endpoint (reference §10): aedes with EdgeDeck's hooks, on MQTT over TLS and MQTT over
 * WebSocket, serving direct methods, and following the change feed to push desired properties and
 * to end the sessions of deleted or disabled identities.
 */
export async function startDeviceEndpoint(options: DeviceEndpointOptions): Promise<DeviceEndpoint> {
  const cluster = options.cluster ?? singleNodeBus();
  const sessions = new SessionRegistry();
  const tracker = new ConnectionTracker((id) => sessions.isLive(id), options.activityEveryMs ?? 30_000, cluster.nodeId);
  const methods = new DirectMethods(sessions);
  const remoteMethods = new RemoteMethods(cluster, (identity, call) => methods.invoke(identity, call));
  const deliveries = new DeliveryRecorder();
  const deps = { sessions, tracker, methods, deliveries, acceptedHosts: options.acceptedHosts, onMessage: options.onMessage };
  const broker = await Aedes.createBroker({
    ...brokerHandlers(deps),
    id: `edgedeck-${process.pid}`,
    // `{device}/{module}`: two ids of up to 128 characters.
    maxClientsIdLength: 257,
    // A connection that sends no CONNECT in this time is closed (keepalive is the client's: the SDK
    // asks for 180 s, and aedes drops a client silent for 1.5 × that).
    connectTimeout: 30_000,
    // A client that stops reading stalls only itself: each answer waits for its socket to drain
    // before the next request of that client is read, and after this long it is cut off. So unread
    // answers cannot pile up in server memory.
    drainTimeout: options.drainTimeoutMs ?? 15_000,
  });
  broker.on("clientError", (client, error) => {
    // Refused CONNECTs (errorCode) and refused PUBLISHes are logged where they are decided.
    if ((error as { errorCode?: number }).errorCode || loggedRefusals.has(error)) return;
    if (!/connection closed|ECONNRESET|EPIPE|keep alive/i.test(error.message)) console.warn(`[mqtt] client ${client?.id ?? "?"}: ${error.message}`);
  });
  trackSessions(broker, deps);
  // One session per client id across the cluster, as aedes ensures within one node: a CONNECT on
  // another node ends the session held here.
  broker.on("client", (client) => {
    if (sessions.sessionOf(client)) cluster.publish(SESSION_OPENED, { clientId: client.id, from: cluster.nodeId });
  });
  cluster.subscribe(SESSION_OPENED, (m) => {
    if (m.from !== cluster.nodeId) sessions.byClientId(String(m.clientId))?.close();
  });

  const handle = (stream: Duplex, request?: IncomingMessage) => limitPacketSize(broker.handle(stream, request), MAX_PACKET_BYTES);
  const server = tls.createServer({ cert: options.tls.cert, key: options.tls.key, minVersion: "TLSv1.2", handshakeTimeout: 20_000 }, (socket) => handle(socket));
  server.on("tlsClientError", () => {
    /* failed handshakes (wrong CA, port scanners) are the client's problem, not the log's */
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw new Error(`MQTT endpoint cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
  }
  const port = (server.address() as AddressInfo).port;

  const detachWebSocket = options.httpServer
    ? attachWebSocketTransport(options.httpServer, handle, { maxPayloadBytes: MAX_PACKET_BYTES })
    : () => {};

  const push = createDesiredPush(sessions, deliveries);
  const revoke = createIdentityRevocation(sessions);
  const onChange = (event: ChangeEvent) => {
    push.listener(event);
    revoke(event);
  };
  let ownRelay: ChangeRelay | null = null;
  let stopListening: () => void;
  if (options.changes) {
    stopListening = options.changes.onChange(onChange);
  } else {
    ownRelay = new ChangeRelay(await getStore(), onChange);
    await ownRelay.start();
    stopListening = () => {};
  }

  const sweep = async () => {
    try {
      if (options.messageRetentionHours === undefined) return;
      await deleteExpiredMessages(options.messageRetentionHours, new Date());
      // Receipts of queued method calls are kept as long as the telemetry around them.
      await deleteExpiredMethodCalls(options.messageRetentionHours, new Date());
    } catch (error) {
      console.error("[mqtt] message retention sweep failed", error);
    }
  };
  const sweepTimer = options.messageRetentionHours === undefined ? null : setInterval(() => void sweep(), SWEEP_MS);
  sweepTimer?.unref();
  void sweep();

  let closed: Promise<void> | null = null;
  const endpoint: DeviceEndpoint = {
    port,
    caPem: options.tls.caPem ?? null,
    invokeMethod: async (identity, call: MethodInvocation) => {
      if (!sessions.get(identity) && options.cluster) {
        const owner = await findSessionNode(identity);
        if (owner && owner !== cluster.nodeId) return remoteMethods.invoke(owner, identity, call);
      }
      return methods.invoke(identity, call);
    },
    isConnected: (identity) => sessions.get(identity) !== undefined,
    bufferedBytes: () => sessions.bufferedBytes(),
    isSubscribed: (identity, topic) => {
      const client = sessions.get(identity);
      return client !== undefined && SessionRegistry.isSubscribed(client, topic);
    },
    close: () =>
      (closed ??= (async () => {
        if (options.register !== false) registerDeviceEndpoint(undefined);
        if (sweepTimer) clearInterval(sweepTimer);
        stopListening();
        await ownRelay?.stop();
        methods.cancelAll();
        remoteMethods.cancelAll();
        detachWebSocket();
        // The listener stops accepting now but reports closed only once the broker has ended every session.
        const listenerClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        await listenerClosed;
        await push.idle();
        await deliveries.flush();
        await tracker.idle();
      })()),
  };
  if (options.register !== false) registerDeviceEndpoint(endpoint);
  return endpoint;
}
