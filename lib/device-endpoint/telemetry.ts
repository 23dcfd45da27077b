import { insertMessage } from "@/lib/data/insert-message";
import type { MessageDto } from "@/lib/data/list-messages";
import type { MqttIdentity, PropertyBag } from "@/lib/domain/mqtt";

/** IoT Hub's device-to-cloud message limit (reference §10.2; the SDK refuses larger bodies itself). */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * Stores one telemetry message. The hub stamps who sent it (`connectionDeviceId`/`connectionModuleId`
 * from the authenticated session, never from the client's bag) and when; a RETAIN flag is kept as the
 * `mqtt-retain` application property, as IoT Hub does, instead of being retained.
 */
export async function storeTelemetry(identity: MqttIdentity, bag: PropertyBag, payload: Buffer, retain: boolean): Promise<MessageDto> {
  const now = new Date();
  const { outputName, connectionDeviceId: _d, connectionModuleId: _m, ...system } = bag.system;
  const systemProperties: Record<string, string> = {
    ...system,
    connectionDeviceId: identity.deviceId,
    ...(identity.moduleId === undefined ? {} : { connectionModuleId: identity.moduleId }),
    enqueuedTime: now.toISOString(),
  };
  const properties = retain ? { ...bag.application, "mqtt-retain": "true" } : bag.application;
  return insertMessage({
    target: identity,
    outputName: identity.moduleId === undefined ? null : (outputName ?? null),
    systemProperties,
    properties,
    body: payload,
    now,
  });
}
