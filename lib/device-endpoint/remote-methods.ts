import { AppError, isAppError, type ErrorCode } from "@/lib/domain/errors";
import { clientIdOf, type MqttIdentity } from "@/lib/domain/mqtt";
import type { ClusterBus, ClusterMessage } from "@/lib/realtime/server/cluster";
import type { MethodInvocation, MethodResult } from "./direct-methods";

const REQUEST = "edgedeck:method-request";
const RESPONSE = "edgedeck:method-response";
/** Added to the call's own timeouts for the two hops between nodes. */
const BUS_MARGIN_MS = 5_000;

type Pending = { resolve: (r: MethodResult) => void; reject: (e: AppError) => void; timer: NodeJS.Timeout };

/**
 * Direct methods for a device connected to another node of the cluster: the request goes over the
 * bus to the node holding the session, which invokes it locally and sends back the result or the
 * error (same codes: DeviceNotOnline, GatewayTimeout, BadDeviceResponse).
 */
export class RemoteMethods {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  constructor(
    private readonly bus: ClusterBus,
    invokeLocally: (identity: MqttIdentity, call: MethodInvocation) => Promise<MethodResult>,
  ) {
    bus.subscribe(REQUEST, (m) => {
      if (m.to !== bus.nodeId) return;
      const reply = (body: ClusterMessage) => bus.publish(RESPONSE, { requestId: m.requestId, to: m.from, ...body });
      invokeLocally(m.identity as MqttIdentity, m.call as MethodInvocation).then(
        (result) => reply({ result }),
        (error: unknown) =>
          reply({ error: isAppError(error) ? { code: error.code, message: error.message } : { code: "ServerError", message: "The method call failed" } }),
      );
    });
    bus.subscribe(RESPONSE, (m) => {
      if (m.to !== bus.nodeId) return;
      const call = this.pending.get(String(m.requestId));
      if (!call) return;
      this.pending.delete(String(m.requestId));
      clearTimeout(call.timer);
      const error = m.error as { code: ErrorCode; message: string } | undefined;
      if (error) call.reject(new AppError(error.code, error.message));
      else call.resolve(m.result as MethodResult);
    });
  }

  invoke(owner: string, identity: MqttIdentity, call: MethodInvocation): Promise<MethodResult> {
    const requestId = `${this.bus.nodeId}:${(++this.counter).toString(16)}`;
    const waitMs = (call.connectTimeoutInSeconds + call.responseTimeoutInSeconds) * 1000 + BUS_MARGIN_MS;
    const result = new Promise<MethodResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new AppError("GatewayTimeout", `${clientIdOf(identity)} did not answer ${call.methodName} in time (its session is on another server node)`));
      }, waitMs);
      this.pending.set(requestId, { resolve, reject, timer });
    });
    this.bus.publish(REQUEST, { requestId, from: this.bus.nodeId, to: owner, identity, call });
    return result;
  }

  cancelAll(): void {
    for (const [requestId, call] of this.pending) {
      clearTimeout(call.timer);
      call.reject(new AppError("DeviceNotOnline", "The method was not answered: the hub is shutting down"));
      this.pending.delete(requestId);
    }
  }
}
