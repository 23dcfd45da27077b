import type { Fleet } from "./fleet";

/** Counts for the periodic status line: connections up and module instances per runtimeStatus. */
export type FleetSummary = { devices: number; online: number; connections: number; modules: Record<string, number> };

export function fleetSummary(fleet: Pick<Fleet, "devices">): FleetSummary {
  const summary: FleetSummary = { devices: fleet.devices.size, online: 0, connections: 0, modules: {} };
  for (const device of fleet.devices.values()) {
    if (device.isOnline) summary.online++;
    summary.connections += device.connectionCount;
    for (const inst of Object.values(device.agentMemory.state.instances)) {
      summary.modules[inst.runtimeStatus] = (summary.modules[inst.runtimeStatus] ?? 0) + 1;
    }
  }
  return summary;
}

export const formatSummary = (s: FleetSummary) =>
  `${s.online}/${s.devices} devices online, ${s.connections} MQTT connections; modules: ${
    Object.entries(s.modules).map(([status, n]) => `${n} ${status}`).join(", ") || "none yet"
  }`;
