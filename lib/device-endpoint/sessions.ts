import type { Client } from "aedes";
import type { AedesPublishPacket } from "aedes";
import type { ReportedSection } from "@/lib/data/update-reported-properties";
import { clientIdOf, topicMatches, type MqttIdentity } from "@/lib/domain/mqtt";

export type Session = {
  identity: MqttIdentity;
  /** Ends the session when its SAS token expires, as IoT Hub does (the SDK reconnects with a new one). */
  expiryTimer?: NodeJS.Timeout;
  /**
   * The reported section this session wrote last: the device is the only writer of its reported
   * properties, so its next report can be planned on it without reading the row first (the write
   * is a compare-and-set on the version, so a stale copy only costs that read).
   */
  reported?: ReportedSection;
};

/** Bytes waiting for one client beyond which it is taken as not reading (≥ the largest single answer). */
export const MAX_UNREAD_BYTES = 1024 * 1024;

/** The client is gone or was cut off: nothing more can be sent to it (not worth a log line). */
export class ClientGoneError extends Error {
  constructor() {
    super("the client is disconnected or not reading");
  }
}

/** Bytes handed to aedes for a client and not written to its socket yet. */
const sending = new WeakMap<Client, number>();

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

  bufferedBytes(): number {
    let total = 0;
    for (const client of this.live.values()) total += ((client as Client & { conn?: { writableLength?: number } }).conn?.writableLength ?? 0) + (sending.get(client) ?? 0);
    return total;
  }

  get size(): number {
    return this.live.size;
  }

  /** Whether the client currently has a subscription that would receive `topic`. */
  static isSubscribed(client: Client, topic: string): boolean {
    const subscriptions = (client as ClientWithSubscriptions).subscriptions ?? {};
    return Object.keys(subscriptions).some((filter) => topicMatches(filter, topic));
  }

  /**
   * Sends to this one client only (never through the broker's routing, so no other client sees it).
   * A client with more than MAX_UNREAD_BYTES not yet taken from its socket has stopped reading: it is
   * cut off instead of having more answers queued in server memory for it.
   */
  static send(client: Client, topic: string, payload: string | Buffer): Promise<void> {
    const body = typeof payload === "string" ? Buffer.from(payload) : payload;
    // aedes writes a QoS 0 publish on a later tick: count what is on its way too, not only what the
    // socket holds already, or a burst of answers computed together would all pass the check.
    const inFlight = sending.get(client) ?? 0;
    const unread = ((client as Client & { conn?: { writableLength?: number } }).conn?.writableLength ?? 0) + inFlight;
    if (unread > MAX_UNREAD_BYTES || client.closed) {
      if (!client.closed) {
        console.warn(`[mqtt] ${client.id} is not reading (${unread} bytes waiting): disconnecting`);
        client.close();
      }
      return Promise.reject(new ClientGoneError());
    }
    const size = body.length + topic.length;
    sending.set(client, inFlight + size);
    const packet = { cmd: "publish", topic, payload: body, qos: 0, retain: false, dup: false };
    return new Promise((resolve, reject) => {
      client.publish(packet as unknown as AedesPublishPacket, (error) => {
        sending.set(client, (sending.get(client) ?? size) - size);
        if (error) reject(error);
        else resolve();
      });
    });
  }
}
