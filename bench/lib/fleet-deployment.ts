import type { JsonObject } from "@/lib/domain/twins";
import { DEFAULT_AGENT_DESIRED, DEFAULT_HUB_DESIRED } from "@/lib/simulator/default-deployment";
import { HubRest } from "@/lib/simulator/hub-rest";

/**
 * The simulator's default deployment with `modules` copies of its SimulatedTemperatureSensor
 * (`SimulatedTemperatureSensor`, `SimulatedTemperatureSensor2`, …): 2 + `modules` MQTT connections
 * per device. Issue #5's "2,000 devices ≈ 10,000 connections" is 3 modules.
 */
export function benchDeployment(modules: number): JsonObject {
  const template = (DEFAULT_AGENT_DESIRED.modules as JsonObject).SimulatedTemperatureSensor as JsonObject;
  const entries = Array.from({ length: modules }, (_, i) => [`SimulatedTemperatureSensor${i === 0 ? "" : i + 1}`, { ...template, startupOrder: 1 + i }]);
  return { ...DEFAULT_AGENT_DESIRED, modules: Object.fromEntries(entries) as JsonObject };
}

/**
 * Creates the devices as IoT Edge devices and gives them the bench deployment through the REST
 * API, `concurrency` devices at a time; startFleet then finds them ready (its own default
 * deployment only goes to devices without one).
 */
export async function deployBenchFleet(o: { serverUrl: string; hostName: string; ownerKey: string; deviceIds: string[]; modules: number; concurrency: number }): Promise<void> {
  const rest = new HubRest({ baseUrl: o.serverUrl, hostName: o.hostName, policyName: "iothubowner", policyKey: o.ownerKey });
  const agent = benchDeployment(o.modules);
  const queue = [...o.deviceIds];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (!(await rest.getDevice(id))) await rest.createEdgeDevice(id);
      await rest.patchModuleDesired(id, "$edgeAgent", agent);
      await rest.patchModuleDesired(id, "$edgeHub", DEFAULT_HUB_DESIRED);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
}
