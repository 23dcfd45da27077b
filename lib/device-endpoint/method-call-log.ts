import { insertMethodCall } from "@/lib/data/insert-method-call";
import { updateMethodCall, type MethodCallOutcome } from "@/lib/data/update-method-call";
import { isAppError } from "@/lib/domain/errors";
import type { MqttIdentity } from "@/lib/domain/mqtt";

/**
 * The `method_calls` row of one direct method call that had to wait for its device to connect
 * (console: pending operations). Bookkeeping never fails the call: a store error is logged and the
 * call goes on. Updates are chained so that they land in order (delivered before answered).
 */
export class MethodCallLog {
  private chain: Promise<number | null>;

  constructor(identity: MqttIdentity, call: { methodName: string; requestedBy?: string; connectTimeoutInSeconds: number }) {
    this.chain = insertMethodCall(identity, { ...call, requestedBy: call.requestedBy ?? "unknown" }, new Date()).catch((error: unknown) => {
      console.error("[mqtt] queued method call not recorded", error);
      return null;
    });
  }

  delivered(): Promise<void> {
    return this.update({ status: "delivered" });
  }

  answered(statusCode: number): Promise<void> {
    return this.update({ status: "answered", statusCode });
  }

  /** Never connected in time: expired; any later error (disconnect, timeout, bad answer): failed. */
  failed(error: unknown, wasDelivered: boolean): Promise<void> {
    const code = isAppError(error) ? error.code : "ServerError";
    const statusCode = isAppError(error) ? error.status : 500;
    return this.update({ status: wasDelivered ? "failed" : "expired", errorCode: code, statusCode });
  }

  private update(outcome: MethodCallOutcome): Promise<void> {
    const next = this.chain.then(async (id) => {
      if (id !== null) await updateMethodCall(id, outcome, new Date()).catch((error: unknown) => console.error("[mqtt] method call receipt not recorded", error));
      return id;
    });
    this.chain = next;
    return next.then(() => undefined);
  }
}
