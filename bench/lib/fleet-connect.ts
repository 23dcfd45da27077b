import { startFleet, type Fleet } from "@/lib/simulator/fleet";
import { fleetSummary } from "@/lib/simulator/summary";
import { deployBenchFleet } from "./fleet-deployment";
import { establishedOnPort, rssMiB } from "./proc-memory";
import { sleep } from "./stats";

export type ConnectFigures = {
  devicesRequested: number;
  devicesStarted: number;
  modulesPerDevice: number;
  /** Devices created and deployed over REST, then startFleet: system modules given keys, agent + hub dialled. */
  prepareSeconds: number;
  /** From the start until every expected connection was up (null: not within the timeout). */
  allConnectedSeconds: number | null;
  connectionsExpected: number;
  /** Connections up as the simulator counts them (SUBACK received). */
  connections: number;
  /** Established TCP connections on the server's MQTT port (/proc/net/tcp). */
  serverTcpConnections: number;
  serverRssBeforeMiB: number | null;
  serverRssAfterMiB: number | null;
  serverKiBPerConnection: number | null;
  /** The bench process, which runs the simulated fleet (before any console socket is opened). */
  simulatorRssMiB: number;
  moduleStatus: Record<string, number>;
};

export type ConnectOptions = {
  serverUrl: string;
  serverPid: number;
  mqttUrl: string;
  mqttPort: number;
  hostName: string;
  ca: string | undefined;
  ownerKey: string;
  deviceIds: string[];
  /** Custom modules per device (each its own MQTT connection, beside $edgeAgent and $edgeHub). */
  modules: number;
  prepareConcurrency: number;
  telemetrySeconds: number;
  connectTimeoutSeconds: number;
  log(line: string): void;
};

/**
 * Creates and deploys the devices over REST, starts the simulated fleet (no faults) and waits
 * until every device has its `$edgeAgent`, `$edgeHub` and module connections up.
 */
export async function connectFleet(o: ConnectOptions): Promise<{ fleet: Fleet; figures: ConnectFigures }> {
  const serverRssBeforeMiB = rssMiB(o.serverPid);
  const started = performance.now();
  let lastLogged = 0;
  await deployBenchFleet({ serverUrl: o.serverUrl, hostName: o.hostName, ownerKey: o.ownerKey, deviceIds: o.deviceIds, modules: o.modules, concurrency: o.prepareConcurrency });
  const fleet = await startFleet({
    hubUrl: o.serverUrl,
    mqttUrl: o.mqttUrl,
    hostName: o.hostName,
    ca: o.ca,
    policyKey: o.ownerKey,
    deviceIds: o.deviceIds,
    createMissing: true,
    applyDefaultDeployment: true,
    seed: "bench",
    faultProfile: {},
    telemetryIntervalMs: o.telemetrySeconds * 1000,
    concurrency: o.prepareConcurrency,
    // Only failures: a clean fleet logs nothing.
    log: (line) => {
      if (/fail|could not|skipped/i.test(line) && performance.now() - lastLogged > 1000) {
        lastLogged = performance.now();
        o.log(`simulator: ${line}`);
      }
    },
  });
  const prepareSeconds = (performance.now() - started) / 1000;
  o.log(`fleet: ${fleet.devices.size} devices prepared and dialling in ${prepareSeconds.toFixed(1)} s`);

  const expected = fleet.devices.size * (2 + o.modules);
  const deadline = started + o.connectTimeoutSeconds * 1000;
  let allConnectedSeconds: number | null = null;
  let summary = fleetSummary(fleet);
  let nextLog = performance.now() + 5000;
  while (performance.now() < deadline) {
    summary = fleetSummary(fleet);
    if (summary.connections >= expected && (summary.modules.running ?? 0) >= fleet.devices.size * o.modules) {
      allConnectedSeconds = (performance.now() - started) / 1000;
      break;
    }
    if (performance.now() > nextLog) {
      nextLog = performance.now() + 5000;
      o.log(`fleet: ${summary.connections}/${expected} connections up`);
    }
    await sleep(100);
  }
  if (allConnectedSeconds === null) o.log(`fleet: only ${summary.connections}/${expected} connections within ${o.connectTimeoutSeconds} s`);
  else o.log(`fleet: all ${summary.connections} connections up after ${allConnectedSeconds.toFixed(1)} s`);
  // Let the first reports (edgeAgent, module mirrors, edgeHub client lists) land before reading memory.
  await sleep(3000);
  summary = fleetSummary(fleet);
  const serverRssAfterMiB = rssMiB(o.serverPid);
  const grown = serverRssBeforeMiB !== null && serverRssAfterMiB !== null ? serverRssAfterMiB - serverRssBeforeMiB : null;
  return {
    fleet,
    figures: {
      devicesRequested: o.deviceIds.length,
      devicesStarted: fleet.devices.size,
      modulesPerDevice: o.modules,
      prepareSeconds: round1(prepareSeconds),
      allConnectedSeconds: allConnectedSeconds === null ? null : round1(allConnectedSeconds),
      connectionsExpected: expected,
      connections: summary.connections,
      serverTcpConnections: establishedOnPort(o.mqttPort),
      serverRssBeforeMiB,
      serverRssAfterMiB,
      serverKiBPerConnection: grown !== null && summary.connections > 0 ? round1((grown * 1024) / summary.connections) : null,
      simulatorRssMiB: round1(process.memoryUsage().rss / 1024 / 1024),
      moduleStatus: summary.modules,
    },
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
