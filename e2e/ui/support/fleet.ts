import { startFleet, type Fleet } from "@/lib/simulator/fleet";
import { HUB_HOSTNAME } from "../../fixtures";

/**
 * Simulated IoT Edge devices (lib/simulator) against the e2e server, over MQTT-over-WebSocket on the
 * HTTP port (the e2e server's TLS MQTT port is random). They are created when missing and run no
 * deployment until one reaches them. Fast restart settings, no telemetry.
 */
export async function startSimulatedDevices(baseURL: string, deviceIds: string[]): Promise<Fleet> {
  const policyKey = process.env.EDGEDECK_OWNER_KEY;
  if (!policyKey) throw new Error("EDGEDECK_OWNER_KEY is not set: run the e2e tests through playwright.config.ts");
  return startFleet({
    hubUrl: baseURL,
    mqttUrl: `${baseURL.replace(/^http/, "ws")}/$iothub/websocket`,
    hostName: HUB_HOSTNAME,
    policyKey,
    deviceIds,
    createMissing: true,
    applyDefaultDeployment: false,
    seed: 7,
    restartSettings: { coolOffUnitMs: 300, maxCoolOffMs: 2_000, maxRestartCount: 50, intensiveCareMs: 600_000 },
    telemetryIntervalMs: 0,
    edgeHubSyncMs: 200,
    reconnectMs: 500,
  });
}
