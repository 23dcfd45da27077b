import type { Client } from "aedes";
import { AppError } from "@/lib/domain/errors";
import { clientIdOf, methodRequestTopic, type MqttIdentity } from "@/lib/domain/mqtt";
import { MethodCallLog } from "./method-call-log";
import { SessionRegistry } from "./sessions";

export type MethodInvocation = {
  methodName: string;
  payload?: unknown;
  responseTimeoutInSeconds: number;
  connectTimeoutInSeconds: number;
  /** Who asked (`user:alice`): recorded when the call has to wait for the device to connect. */
  requestedBy?: string;
};

export type MethodResult = { status: number; payload: unknown };

type Pending = { client: Client; resolve: (r: MethodResult) => void; reject: (e: AppError) => void; timer: NodeJS.Timeout };

const POLL_MS = 100;

/**
 * Direct methods (reference §10.2): the request goes to the one connected client on
 * `$iothub/methods/POST/{name}/?$rid=…`, the answer comes back on `$iothub/methods/res/{status}/?$rid=…`
 * from that same client (another client guessing the rid is ignored). Not connected, or not
 * subscribed to methods, within `connectTimeoutInSeconds` ⇒ 404 DeviceNotOnline; no answer within
 * `responseTimeoutInSeconds` ⇒ 504 GatewayTimeout. Calls pending on a client that disconnects fail
 * at once with DeviceNotOnline.
 *
 * A call that finds its target offline and may wait (`connectTimeoutInSeconds` > 0) is recorded in
 * `method_calls` while it waits and given its receipt when it ends (MethodCallLog); calls to
 * connected targets are not recorded (they are never pending, and cost nothing extra).
 */
export class DirectMethods {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  constructor(private readonly sessions: SessionRegistry) {}

  async invoke(identity: MqttIdentity, call: MethodInvocation): Promise<MethodResult> {
    if (this.subscriberOf(identity) || call.connectTimeoutInSeconds <= 0) return this.invokeNow(identity, call);
    const log = new MethodCallLog(identity, call);
    let delivered = false;
    try {
      const result = await this.invokeNow(identity, call, async () => {
        delivered = true;
        await log.delivered();
      });
      await log.answered(result.status);
      return result;
    } catch (error) {
      await log.failed(error, delivered);
      throw error;
    }
  }

  private async invokeNow(identity: MqttIdentity, call: MethodInvocation, onConnected?: () => Promise<void>): Promise<MethodResult> {
    const client = await this.waitForSubscriber(identity, call.connectTimeoutInSeconds * 1000);
    if (client && onConnected) await onConnected();
    if (!client) {
      throw new AppError("DeviceNotOnline", `${clientIdOf(identity)} is not connected or not subscribed to direct methods`, {
        deviceId: identity.deviceId,
        ...(identity.moduleId === undefined ? {} : { moduleId: identity.moduleId }),
      });
    }
    const rid = (++this.counter).toString(16);
    const result = new Promise<MethodResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(rid);
        reject(new AppError("GatewayTimeout", `${clientIdOf(identity)} did not answer ${call.methodName} within ${call.responseTimeoutInSeconds} s`));
      }, call.responseTimeoutInSeconds * 1000);
      this.pending.set(rid, { client, resolve, reject, timer });
    });
    const body = call.payload === undefined ? "null" : JSON.stringify(call.payload);
    SessionRegistry.send(client, methodRequestTopic(call.methodName, rid), body).catch(() => this.fail(rid, "the request could not be sent"));
    return result;
  }

  /** A `$iothub/methods/res/{status}` publish. */
  answered(client: Client, rid: string, status: number, body: Buffer): void {
    const call = this.pending.get(rid);
    if (!call || call.client !== client) return;
    this.pending.delete(rid);
    clearTimeout(call.timer);
    const text = body.toString("utf8");
    if (text.trim() === "") return call.resolve({ status, payload: null });
    try {
      call.resolve({ status, payload: JSON.parse(text) as unknown });
    } catch {
      call.reject(new AppError("BadDeviceResponse", "The device answered the method with a payload that is not JSON", { status }));
    }
  }

  /** The client's connection ended: its pending calls cannot be answered any more. */
  disconnected(client: Client): void {
    for (const [rid, call] of this.pending) if (call.client === client) this.fail(rid, "it disconnected before answering");
  }

  /** Ends every pending call (shutdown). */
  cancelAll(): void {
    for (const rid of [...this.pending.keys()]) this.fail(rid, "the hub is shutting down");
  }

  private fail(rid: string, why: string): void {
    const call = this.pending.get(rid);
    if (!call) return;
    this.pending.delete(rid);
    clearTimeout(call.timer);
    call.reject(new AppError("DeviceNotOnline", `The method was not answered: ${why}`));
  }

  private subscriberOf(identity: MqttIdentity): Client | undefined {
    const client = this.sessions.get(identity);
    return client && SessionRegistry.isSubscribed(client, methodRequestTopic("x", "0")) ? client : undefined;
  }

  private async waitForSubscriber(identity: MqttIdentity, waitMs: number): Promise<Client | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const client = this.subscriberOf(identity);
      if (client) return client;
      if (Date.now() >= deadline) return undefined;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
