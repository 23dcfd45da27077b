import type { Client } from "aedes";
import type { AedesPublishPacket } from "aedes";
import { clientIdOf, topicMatches, type MqttIdentity } from "@/lib/domain/mqtt";

export type Session = {
  identity: MqttIdentity;
  /** Ends the session when its SAS token expires, as IoT Hub does (the SDK reconnects with a new one). */
  expiryTimer?: NodeJS.Timeout;
};

/** aedes keeps each client's subscriptions here (not in its published types). */
type ClientWithSubscriptions = Client & { subscriptions?: Record<string, unknown> };

/**
 * The authenticated MQTT sessions of this process, by client id (`{device}` or `{device}/{module}`).
 * aedes guarantees one live client per id (a new CONNECT closes the old one); this map follows its
 * `client` / `clientDisconnect` events and remembers who each client authenticated as.
 */
export class SessionRegistry {
  private readonly info = new WeakMap<Client, Session>();
  private readonly live = new Map<string, Client>();

  /** Called from the authenticate handler, before the client is registered. */
  authenticated(client: Client, session: Session): void {
    this.info.set(client, session);
  }

  sessionOf(client: Client | null | undefined): Session | undefined {
    return client ? this.info.get(client) : undefined;
  }

  /** aedes `client` event: the session is live. */
  opened(client: Client): MqttIdentity | undefined {
    const session = this.info.get(client);
    if (session) this.live.set(client.id, client);
    return session?.identity;
  }

  /** aedes `clientDisconnect` event; a newer client with the same id stays registered. */
  closed(client: Client): MqttIdentity | undefined {
    const session = this.info.get(client);
    if (session?.expiryTimer) clearTimeout(session.expiryTimer);
    if (this.live.get(client.id) === client) this.live.delete(client.id);
    return session?.identity;
  }

  get(identity: MqttIdentity): Client | undefined {
    return this.byClientId(clientIdOf(identity));
  }

  byClientId(clientId: string): Client | undefined {
    const client = this.live.get(clientId);
    return client && !client.closed ? client : undefined;
  }

  /** The live sessions of a device and of its modules (ids never contain `/`). */
  ofDevice(deviceId: string): Client[] {
    return [...this.live.entries()]
      .filter(([id, client]) => (id === deviceId || id.startsWith(`${deviceId}/`)) && !client.closed)
      .map(([, client]) => client);
  }

  isLive(clientId: string): boolean {
    const client = this.live.get(clientId);
    return Boolean(client && !client.closed);
  }

  get size(): number {
    return this.live.size;
  }

  /** Whether the client currently has a subscription that would receive `topic`. */
  static isSubscribed(client: Client, topic: string): boolean {
    const subscriptions = (client as ClientWithSubscriptions).subscriptions ?? {};
    return Object.keys(subscriptions).some((filter) => topicMatches(filter, topic));
  }

  /** Sends to this one client only (never through the broker's routing, so no other client sees it). */
  static send(client: Client, topic: string, payload: string | Buffer): Promise<void> {
    const packet = { cmd: "publish", topic, payload: typeof payload === "string" ? Buffer.from(payload) : payload, qos: 0, retain: false, dup: false };
    return new Promise((resolve, reject) => {
      client.publish(packet as unknown as AedesPublishPacket, (error) => (error ? reject(error) : resolve()));
    });
  }
}
