// `npm run simulate -- --devices N --seed S [--hub URL] [--mqtt URL] [--key KEY] [--ca FILE] ...`:
// a simulated IoT Edge fleet against a running EdgeDeck, using only its REST API and MQTT endpoint
// (docs/simulator.md). Ctrl-C disconnects every device and exits.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { FAULT_PRESETS, faultProfileSchema, type FaultProfile } from "@/lib/domain/edge-runtime";
import { env } from "@/lib/env";
import { fleetSummary, formatSummary } from "@/lib/simulator/summary";
import { startFleet } from "@/lib/simulator/fleet";

const HELP = `usage: npm run simulate -- [options]
  --devices N            simulated edge devices (default 10), named <prefix>0001…
  --seed S               seed for faults and readings (default 1)
  --hub URL              EdgeDeck base URL (default http://127.0.0.1:3000)
  --mqtt URL             MQTT endpoint (default mqtts://127.0.0.1:8883)
  --key KEY              iothubowner primary key (default EDGEDECK_OWNER_KEY)
  --connection-string CS a service connection string instead of --key (sets policy and host name)
  --ca FILE              CA certificate (PEM) of the MQTT endpoint (default: GET <hub>/api/tls/ca.pem)
  --prefix P             device id prefix (default sim-)
  --faults F             none | demo | chaos | path to a JSON fault profile (default demo)
  --telemetry-seconds T  seconds between messages per module output (default 10; 0 = none)
  --host-name H          hub host name in SAS tokens and MQTT usernames (default the MQTT URL's host)
  --state-dir DIR        keep each device's store-and-forward queue in DIR (survives restarts; default in memory)
  --store-max-bytes N    store cap per device when $edgeHub desired sets no storeLimits.maxSizeBytes (default none)
  --quiet                no per-event log lines, only the periodic summary`;

function loadFaults(spec: string): FaultProfile {
  if (FAULT_PRESETS[spec]) return FAULT_PRESETS[spec]!;
  const parsed = faultProfileSchema.safeParse(JSON.parse(fs.readFileSync(spec, "utf8")));
  if (!parsed.success) throw new Error(`--faults ${spec}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

function parseConnectionString(cs: string): Record<string, string> {
  return Object.fromEntries(cs.split(";").filter(Boolean).map((part) => [part.slice(0, part.indexOf("=")), part.slice(part.indexOf("=") + 1)]));
}

async function main() {
  const { values } = parseArgs({
    options: {
      devices: { type: "string", default: "10" },
      seed: { type: "string", default: "1" },
      hub: { type: "string", default: "http://127.0.0.1:3000" },
      mqtt: { type: "string", default: "mqtts://127.0.0.1:8883" },
      key: { type: "string" },
      "connection-string": { type: "string" },
      ca: { type: "string" },
      prefix: { type: "string", default: "sim-" },
      faults: { type: "string", default: "demo" },
      "telemetry-seconds": { type: "string", default: "10" },
      "host-name": { type: "string" },
      "state-dir": { type: "string" },
      "store-max-bytes": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const devices = Number(values.devices);
  if (!Number.isInteger(devices) || devices < 1 || devices > 100_000) throw new Error("--devices must be an integer from 1 to 100000");
  const telemetrySeconds = Number(values["telemetry-seconds"]);
  if (!Number.isFinite(telemetrySeconds) || telemetrySeconds < 0) throw new Error("--telemetry-seconds must be a number ≥ 0");
  const storeMax = values["store-max-bytes"] === undefined ? undefined : Number(values["store-max-bytes"]);
  if (storeMax !== undefined && (!Number.isInteger(storeMax) || storeMax < 0)) throw new Error("--store-max-bytes must be an integer ≥ 0");
  if (!/^[A-Za-z0-9_.-]{0,40}$/.test(values.prefix!)) throw new Error("--prefix must be a short id-safe word");
  const cs = values["connection-string"] ? parseConnectionString(values["connection-string"]) : {};
  const policyKey = cs.SharedAccessKey ?? values.key ?? env.EDGEDECK_OWNER_KEY;
  if (!policyKey) throw new Error("give --key <iothubowner key> or --connection-string (see `npm run policy -- show iothubowner`)");
  const ca = values.ca ? fs.readFileSync(values.ca, "utf8") : await fetchCa(values.hub!);
  const ids = Array.from({ length: devices }, (_, i) => `${values.prefix}${String(i + 1).padStart(Math.max(4, String(devices).length), "0")}`);

  const started = performance.now();
  console.log(`[simulate] starting ${devices} devices against ${values.hub} / ${values.mqtt} (seed ${values.seed}, faults ${values.faults})`);
  const fleet = await startFleet({
    hubUrl: values.hub!,
    mqttUrl: values.mqtt!,
    hostName: values["host-name"] ?? cs.HostName,
    ca,
    policyName: cs.SharedAccessKeyName ?? "iothubowner",
    policyKey,
    deviceIds: ids,
    createMissing: true,
    applyDefaultDeployment: true,
    seed: values.seed!,
    faultProfile: loadFaults(values.faults!),
    telemetryIntervalMs: telemetrySeconds * 1000,
    concurrency: 32,
    stateDir: values["state-dir"],
    storeMaxSizeBytes: storeMax,
    log: values.quiet ? undefined : (line) => console.log(`[simulate] ${line}`),
  });
  console.log(`[simulate] ${fleet.devices.size} devices prepared in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const timer = setInterval(() => console.log(`[simulate] ${formatSummary(fleetSummary(fleet))}`), 10_000);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    console.log("[simulate] stopping: disconnecting every device");
    await fleet.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

async function fetchCa(hub: string): Promise<string | undefined> {
  const res = await fetch(new URL("/api/tls/ca.pem", hub)).catch(() => null);
  if (!res?.ok) {
    console.log("[simulate] no CA from the hub (certificate from configuration?): using the system trust store");
    return undefined;
  }
  return res.text();
}

main().catch((error) => {
  console.error(`[simulate] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
