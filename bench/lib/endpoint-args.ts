import { parseArgs } from "node:util";

export type EndpointArgs = {
  devices: number;
  /** Custom modules per device: 2 + modules MQTT connections per device. */
  modules: number;
  /** Paced reported patches per second for the live status run. */
  rate: number;
  /** Socket.IO console clients in the `fleet` room. */
  sockets: number;
  /** Seconds of paced reported patches. */
  seconds: number;
  /** Device identities (`{d}`, not used by the simulator) the bench connects itself, for GETs and patches. */
  identities: number;
  /** Of those, how many do twin GETs, and how many GETs each. */
  getIdentities: number;
  getsPerIdentity: number;
  getConcurrency: number;
  /** Devices prepared at once by the simulator (REST calls in flight; also paces the TLS handshakes). */
  prepareConcurrency: number;
  /** Seconds to wait for every MQTT connection of the fleet to be up. */
  connectTimeout: number;
  telemetrySeconds: number;
  /** Profile the server (`--cpu-prof`) and summarise the samples of the live status step. */
  cpuProf: boolean;
};

export const ENDPOINT_USAGE = `node --import tsx bench/device-endpoint.ts [options]
  --devices N              simulated IoT Edge devices (default 2000)
  --modules M              SimulatedTemperatureSensor modules per device (default 3): 2 + M MQTT connections per device
  --rate R                 reported patches/s during the live status run (default 1000)
  --sockets S              Socket.IO console clients in the 'fleet' room (default 100)
  --seconds T              seconds of paced reported patches (default 15)
  --identities I           device identities the bench connects itself for GETs and patches (default min(devices, 500))
  --get-identities G       of those, identities doing twin GETs (default min(identities, 200))
  --gets-per-identity K    measured twin GETs per identity (default 5)
  --get-concurrency C      twin GETs in flight (default 20)
  --prepare-concurrency P  devices prepared / started at once by the simulator (default 16)
  --connect-timeout S      seconds to wait for all fleet connections (default 900)
  --telemetry-seconds T    simulated module telemetry interval, 0 = none (default 0)
  --cpu-prof               run the EdgeDeck server under --cpu-prof; summarise its live status window`;

export function parseEndpointArgs(argv: string[]): EndpointArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      devices: { type: "string", default: "2000" },
      modules: { type: "string", default: "3" },
      rate: { type: "string", default: "1000" },
      sockets: { type: "string", default: "100" },
      seconds: { type: "string", default: "15" },
      identities: { type: "string" },
      "get-identities": { type: "string" },
      "gets-per-identity": { type: "string", default: "5" },
      "get-concurrency": { type: "string", default: "20" },
      "prepare-concurrency": { type: "string", default: "16" },
      "connect-timeout": { type: "string", default: "900" },
      "telemetry-seconds": { type: "string", default: "0" },
      "cpu-prof": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(ENDPOINT_USAGE);
    process.exit(0);
  }
  const int = (name: string, value: string | undefined, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer ${min}..${max}\n\n${ENDPOINT_USAGE}`);
    return n;
  };
  const devices = int("devices", values.devices, 1, 100_000);
  const identities = int("identities", values.identities ?? String(Math.min(devices, 500)), 1, devices);
  return {
    devices,
    modules: int("modules", values.modules, 1, 20),
    rate: int("rate", values.rate, 1, 100_000),
    sockets: int("sockets", values.sockets, 1, 10_000),
    seconds: int("seconds", values.seconds, 1, 3600),
    identities,
    getIdentities: int("get-identities", values["get-identities"] ?? String(Math.min(identities, 200)), 1, identities),
    getsPerIdentity: int("gets-per-identity", values["gets-per-identity"], 1, 1000),
    getConcurrency: int("get-concurrency", values["get-concurrency"], 1, 1000),
    prepareConcurrency: int("prepare-concurrency", values["prepare-concurrency"], 1, 256),
    connectTimeout: int("connect-timeout", values["connect-timeout"], 10, 7200),
    telemetrySeconds: int("telemetry-seconds", values["telemetry-seconds"], 0, 3600),
    cpuProf: values["cpu-prof"] === true,
  };
}
