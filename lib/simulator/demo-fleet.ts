import fs from "node:fs";
import { FAULT_PRESETS } from "@/lib/domain/edge-runtime";
import { startFleet, type Fleet } from "./fleet";
import { fleetSummary, formatSummary } from "./summary";

/**
 * The demo fleet that `npm start` runs inside the server process (docs/simulator.md): the seeded
 * demo devices, each connecting to this same server over loopback MQTT (TLS) and REST, exactly as a
 * remote `npm run simulate` would. In-process rather than a child: 25 devices are ~100 connections,
 * which cost next to nothing on the server's event loop, and one process keeps `npm start`, its
 * Ctrl-C and the PGlite single-process rule simple.
 */
export type DemoFleetOptions = {
  /** The address the server listens on (`0.0.0.0`/`::` are dialled as loopback). */
  host: string;
  httpPort: number;
  mqttPort: number;
  hubHostName: string;
  caPem: string | null;
  /** Server certificate file when TLS comes from configuration (trusted as the CA). */
  certFile?: string;
  ownerKey: string;
  deviceIds: string[];
  seed: string;
  faults: keyof typeof FAULT_PRESETS;
  telemetrySeconds: number;
  /** Where devices keep their store-and-forward queues (none: in memory). */
  stateDir?: string;
};

const dialHost = (host: string) => (host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : host.includes(":") ? `[${host}]` : host);

export function startDemoFleet(options: DemoFleetOptions): { stop(): Promise<void> } {
  const host = dialHost(options.host);
  let fleet: Fleet | null = null;
  let isStopped = false;
  let timer: NodeJS.Timeout | null = null;
  const starting = startFleet({
    hubUrl: `http://${host}:${options.httpPort}`,
    mqttUrl: `mqtts://${host}:${options.mqttPort}`,
    hostName: options.hubHostName,
    ca: options.caPem ?? (options.certFile ? fs.readFileSync(options.certFile, "utf8") : undefined),
    policyKey: options.ownerKey,
    deviceIds: options.deviceIds,
    seed: options.seed,
    faultProfile: FAULT_PRESETS[options.faults],
    telemetryIntervalMs: options.telemetrySeconds * 1000,
    concurrency: 4,
    stateDir: options.stateDir,
    log: (line) => console.log(`[simulator] ${line}`),
  })
    .then((f) => {
      fleet = f;
      if (isStopped) return f.stop();
      console.log(`[simulator] demo fleet running: ${f.devices.size} devices (seed ${options.seed}, faults ${options.faults}); SIMULATOR_DEVICES=0 turns it off`);
      timer = setInterval(() => console.log(`[simulator] ${formatSummary(fleetSummary(f))}`), 60_000);
      timer.unref();
    })
    .catch((error) => console.error(`[simulator] demo fleet failed to start: ${(error as Error).message}`));
  return {
    async stop() {
      isStopped = true;
      if (timer) clearInterval(timer);
      await starting;
      await fleet?.stop();
    },
  };
}
