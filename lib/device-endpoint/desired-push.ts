import { getDesiredNotification } from "@/lib/data/get-desired-notification";
import { clientIdOf, desiredPatchTopic, type MqttIdentity } from "@/lib/domain/mqtt";
import type { ChangeEvent } from "@/lib/realtime/events";
import type { DeliveryRecorder } from "./delivery-recorder";
import { KeyedQueue } from "./keyed-queue";
import { SessionRegistry } from "./sessions";

/**
 * Pushes desired-property changes to the devices connected to this process (architecture §3: each
 * node tails the change feed and serves its own sessions). A `twin.desired` event for an identity
 * with a live session subscribed to desired updates becomes one publish on
 * `$iothub/twin/PATCH/properties/desired/?$version=N` carrying what reference §2.2 says the device
 * observes. Pushes for one identity are sent in version order. Offline devices get nothing: they
 * read the current state with a twin GET when they connect (§2.3).
 */
export function createDesiredPush(sessions: SessionRegistry, deliveries: DeliveryRecorder) {
  const queue = new KeyedQueue((key, error) => console.error(`[mqtt] desired update for ${key} not sent`, error));

  const listener = (event: ChangeEvent) => {
    if (event.kind !== "twin.desired" || !event.deviceId || event.version === null) return;
    const identity: MqttIdentity = event.moduleId ? { deviceId: event.deviceId, moduleId: event.moduleId } : { deviceId: event.deviceId };
    const topic = desiredPatchTopic(event.version);
    const client = sessions.get(identity);
    if (!client || !SessionRegistry.isSubscribed(client, topic)) return;
    const version = event.version;
    void queue.run(clientIdOf(identity), async () => {
      const patch = await getDesiredNotification(identity, version);
      const current = sessions.get(identity);
      if (!patch || !current) return;
      await SessionRegistry.send(current, topic, JSON.stringify(patch));
      // The receipt of the pending desired write (console): sent means delivered, as IoT Hub counts it.
      deliveries.delivered(identity, version, "push");
    });
  };
  return { listener, idle: () => queue.idle() };
}
