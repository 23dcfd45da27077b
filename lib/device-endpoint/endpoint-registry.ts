import type { MqttIdentity } from "@/lib/domain/mqtt";
import type { MethodInvocation, MethodResult } from "./direct-methods";

/** What REST handlers may ask of the device endpoint running in this process. */
export type DeviceEndpointHandle = {
  invokeMethod(identity: MqttIdentity, call: MethodInvocation): Promise<MethodResult>;
  /** PEM of the generated CA devices must trust; null when the certificate is configured. */
  readonly caPem: string | null;
};

/**
 * Route handlers are bundled apart from server.ts, so module-level singletons are not shared with
 * them (stack notes): the running endpoint registers itself on globalThis. This module imports no
 * broker code, so REST handlers stay light.
 */
const holder = globalThis as unknown as { __edgedeckDeviceEndpoint?: DeviceEndpointHandle };

export function registerDeviceEndpoint(endpoint: DeviceEndpointHandle | undefined): void {
  holder.__edgedeckDeviceEndpoint = endpoint;
}

export function currentDeviceEndpoint(): DeviceEndpointHandle | undefined {
  return holder.__edgedeckDeviceEndpoint;
}

export type { MethodInvocation, MethodResult };
