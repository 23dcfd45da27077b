/**
 * The dashboard links every number to the device list behind it: `/devices?q=<WHERE clause>` in
 * the IoT Hub query language. Device facts filter `FROM devices`; facts only the `$edgeAgent` twin
 * holds (runtime and module status) filter `FROM devices.modules`, marked with `from=modules`, so the
 * list can run the clause against the right collection.
 */
export type FleetFilter = { q: string; from?: "modules" };

/** A string literal of the query language (single quotes, doubled inside). */
export const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** A property path segment: bare when it is an identifier, bracketed otherwise. */
const segment = (name: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `[${quoteLiteral(name)}]`);

export const fleetFilters = {
  connected: (): FleetFilter => ({ q: "connectionState = 'Connected'" }),
  disconnected: (): FleetFilter => ({ q: "connectionState = 'Disconnected'" }),
  edge: (): FleetFilter => ({ q: "capabilities.iotEdge = true" }),
  disabled: (): FleetFilter => ({ q: "status = 'disabled'" }),
  device: (deviceId: string): FleetFilter => ({ q: `deviceId = ${quoteLiteral(deviceId)}` }),
  lastDesiredStatus: (code: number | null): FleetFilter => ({
    q: `moduleId = '$edgeAgent' AND ${code === null ? "NOT is_defined(properties.reported.lastDesiredStatus.code)" : `properties.reported.lastDesiredStatus.code = ${code}`}`,
    from: "modules",
  }),
  /**
   * Edge devices with a module in a runtime status. The language has no wildcard over module names,
   * so the clause names each module (the statistics return the names behind every count).
   */
  moduleRuntimeStatus: (status: string, moduleNames: readonly string[]): FleetFilter => {
    const terms = moduleNames.map((name) => `properties.reported.modules${segment(name)}.runtimeStatus = ${quoteLiteral(status)}`);
    const any = terms.length === 0 ? "false" : terms.length === 1 ? terms[0] : `(${terms.join(" OR ")})`;
    return { q: `moduleId = '$edgeAgent' AND ${any}`, from: "modules" };
  },
};

export function fleetListHref(filter: FleetFilter): string {
  const params = new URLSearchParams({ q: filter.q });
  if (filter.from) params.set("from", filter.from);
  return `/devices?${params.toString()}`;
}
