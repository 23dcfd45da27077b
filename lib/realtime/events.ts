/**
 * Typed change-feed events, shared by the relay (server) and the browser hooks. A change row becomes
 * one `ChangeEvent`; rooms say who receives it.
 */
export const changeKinds = [
  "device.created",
  "device.updated",
  "device.deleted",
  "module.created",
  "module.updated",
  "module.deleted",
  "twin.tags",
  "twin.desired",
  "twin.reported",
  "twin.replaced",
  "connection.changed",
  "policy.changed",
  "deployment.created",
  "deployment.updated",
  "deployment.deleted",
  /** The reconciler recomputed a deployment's metrics (targeted, applied, reporting success…). */
  "deployment.metrics",
  /**
   * A pending operation got its receipt (desired version delivered to a device or module, a
   * queued direct method call delivered, answered or expired): the console's pending-operations views.
   */
  "operation.updated",
] as const;

export type ChangeKind = (typeof changeKinds)[number];

export type ChangeEvent = {
  seq: number;
  kind: ChangeKind;
  deviceId: string | null;
  moduleId: string | null;
  version: number | null;
  payload: Record<string, unknown> | null;
  at: string;
};

export const FLEET_ROOM = "fleet";
export const deviceRoom = (deviceId: string) => `device:${deviceId}`;
export const deploymentRoom = (deploymentId: string) => `deployment:${deploymentId}`;

/**
 * Rooms an event goes to: every event reaches the fleet room, device events their device room,
 * deployment events (payload `{ id }`) their deployment room.
 */
export function roomsForEvent(event: Pick<ChangeEvent, "deviceId" | "kind" | "payload">): string[] {
  if (event.kind.startsWith("deployment.") && typeof event.payload?.id === "string") return [FLEET_ROOM, deploymentRoom(event.payload.id)];
  return event.deviceId ? [FLEET_ROOM, deviceRoom(event.deviceId)] : [FLEET_ROOM];
}

/** Socket.IO event names. */
export const SOCKET_EVENTS = {
  /**
   * Change events, always as an array in seq order: what one read of the feed found for the
   * socket's rooms (one frame for many events when devices write fast), or a resume's replay.
   */
  changes: "changes",
  resync: "resync",
  subscribe: "subscribe",
  unsubscribe: "unsubscribe",
  /** A telemetry message stored for a device (to its device room only; not replayed on resume). */
  message: "message",
} as const;
