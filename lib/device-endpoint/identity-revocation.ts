import type { ChangeEvent } from "@/lib/realtime/events";
import type { SessionRegistry } from "./sessions";

/**
 * Ends live sessions whose identity may no longer connect, as IoT Hub does: a deleted device (with
 * its modules) or module, and a device set to disabled (with its modules). Key changes take effect
 * at the next CONNECT instead (the token presented at connect time stays valid until it expires).
 */
export function createIdentityRevocation(sessions: SessionRegistry) {
  return (event: ChangeEvent) => {
    if (!event.deviceId) return;
    const disabled = event.kind === "device.updated" && event.payload?.status === "disabled";
    if (event.kind === "device.deleted" || disabled) {
      for (const client of sessions.ofDevice(event.deviceId)) {
        console.log(`[mqtt] ${client.id}: device ${disabled ? "disabled" : "deleted"}, disconnecting`);
        client.close();
      }
    } else if (event.kind === "module.deleted" && event.moduleId) {
      const client = sessions.get({ deviceId: event.deviceId, moduleId: event.moduleId });
      if (client) {
        console.log(`[mqtt] ${client.id}: module deleted, disconnecting`);
        client.close();
      }
    }
  };
}
