import { setConnectionState, type ConnectionState } from "@/lib/data/set-connection-state";
import { updateLastActivity } from "@/lib/data/update-last-activity";
import { clientIdOf, type MqttIdentity } from "@/lib/domain/mqtt";
import { KeyedQueue } from "./keyed-queue";

/**
 * Keeps `connectionState` and `lastActivityTime` of devices and modules in the store. Writes for one
 * identity are serialised, and each write stores the state the session registry has *when it runs*,
 * so a takeover (old session closed, new one opened) settles on Connected whatever the order the
 * events were queued in, and repeated states are not written twice. Activity is written at most
 * once per `activityEveryMs` per identity.
 */
export class ConnectionTracker {
  private readonly written = new Map<string, ConnectionState>();
  private readonly lastActivity = new Map<string, number>();
  private readonly queue = new KeyedQueue((key, error) => console.error(`[mqtt] connection state of ${key} not stored`, error));

  constructor(
    private readonly isLive: (clientId: string) => boolean,
    private readonly activityEveryMs: number,
    /** This server process (cluster node), recorded as the holder of the session. */
    private readonly nodeId: string,
  ) {}

  changed(identity: MqttIdentity): void {
    const key = clientIdOf(identity);
    void this.queue.run(key, async () => {
      const state: ConnectionState = this.isLive(key) ? "Connected" : "Disconnected";
      if (this.written.get(key) === state) return;
      const now = new Date();
      await setConnectionState(identity, state, now, this.nodeId);
      if (state === "Connected") {
        this.written.set(key, state);
        this.lastActivity.set(key, now.getTime());
      } else {
        this.written.delete(key);
        this.lastActivity.delete(key);
      }
    });
  }

  activity(identity: MqttIdentity): void {
    const key = clientIdOf(identity);
    const now = Date.now();
    if (now - (this.lastActivity.get(key) ?? 0) < this.activityEveryMs) return;
    this.lastActivity.set(key, now);
    void this.queue.run(key, () => updateLastActivity(identity, new Date(now)));
  }

  /** Waits for queued writes (shutdown: the store must not close under them). */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}
