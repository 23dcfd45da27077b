import fs from "node:fs";
import { BUILT_IN_IMAGES, DEFAULT_RESTART_SETTINGS, type FaultProfile, type KnownImage, type RestartSettings } from "@/lib/domain/edge-runtime";
import { DEFAULT_AGENT_DESIRED, DEFAULT_HUB_DESIRED, hasDeployment } from "./default-deployment";
import type { LedgerEvent } from "./device-store";
import { HubRest } from "./hub-rest";
import { Scheduler } from "./scheduler";
import { SimulatedDevice, type DeviceContext } from "./simulated-device";

/**
 * A simulated fleet against any EdgeDeck reachable over HTTP and MQTT (docs/simulator.md). Devices
 * are prepared through the REST API (created when missing, given a default deployment when they
 * have none) a few at a time, then each runs on its own MQTT connections.
 */
export type FleetOptions = {
  /** REST base, e.g. http://127.0.0.1:3000 */
  hubUrl: string;
  /** MQTT endpoint, e.g. mqtts://127.0.0.1:8883 */
  mqttUrl: string;
  /** The hub host name for SAS audiences and MQTT usernames; defaults to the MQTT URL's host. */
  hostName?: string;
  ca?: string;
  policyName?: string;
  policyKey: string;
  deviceIds: string[];
  /** Create missing devices as IoT Edge devices (the CLI does; the demo fleet already exists). */
  createMissing?: boolean;
  /** Give devices without an `$edgeAgent` deployment the default one. */
  applyDefaultDeployment?: boolean;
  seed?: number | string;
  faultProfile?: FaultProfile;
  knownImages?: readonly KnownImage[];
  restartSettings?: RestartSettings;
  telemetryIntervalMs?: number;
  edgeHubSyncMs?: number;
  reconnectMs?: number;
  /** Directory for each device's durable message store (store and forward); none = in memory. */
  stateDir?: string;
  /** Store cap when `$edgeHub` desired sets no `storeLimits.maxSizeBytes`; none = unlimited. */
  storeMaxSizeBytes?: number;
  /** Validity of the modules' SAS tokens, seconds (default 3600). */
  tokenValiditySecs?: number;
  /** After reconnecting, how long forwarding waits for running modules to re-authenticate (default 10 s). */
  reauthGraceMs?: number;
  /** The simulator's clock (default Date.now); tests move it forward to age stored messages. */
  now?: () => number;
  /** Every message's fate: sent, stored, refused, forwarded, expired (tests keep a ledger). */
  onLedger?: (event: LedgerEvent) => void;
  /** Devices prepared at once (REST calls in flight). */
  concurrency?: number;
  log?: (line: string) => void;
};

export type Fleet = {
  devices: Map<string, SimulatedDevice>;
  scheduler: Scheduler;
  stop(): Promise<void>;
};

async function prepareDevice(rest: HubRest, deviceId: string, options: FleetOptions): Promise<string | null> {
  let device = await rest.getDevice(deviceId);
  if (!device) {
    if (!options.createMissing) return null;
    await rest.createEdgeDevice(deviceId);
    device = await rest.getDevice(deviceId);
  }
  const key = device?.authentication.symmetricKey.primaryKey;
  if (!device?.capabilities?.iotEdge || device.authentication.type !== "sas" || !key) {
    options.log?.(`${deviceId}: skipped (not an IoT Edge device with SAS keys)`);
    return null;
  }
  if (options.applyDefaultDeployment) {
    const agentTwin = await rest.getModuleTwin(deviceId, "$edgeAgent");
    if (!hasDeployment(agentTwin.properties.desired)) {
      await rest.patchModuleDesired(deviceId, "$edgeAgent", DEFAULT_AGENT_DESIRED);
      const hubTwin = await rest.getModuleTwin(deviceId, "$edgeHub");
      if (!hasDeployment(hubTwin.properties.desired)) await rest.patchModuleDesired(deviceId, "$edgeHub", DEFAULT_HUB_DESIRED);
    }
  }
  return key;
}

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const log = options.log ?? (() => {});
  const hostName = options.hostName ?? new URL(options.mqttUrl).hostname;
  const rest = new HubRest({ baseUrl: options.hubUrl, hostName, policyName: options.policyName ?? "iothubowner", policyKey: options.policyKey });
  const now = options.now ?? Date.now;
  const scheduler = new Scheduler(now);
  if (options.stateDir) fs.mkdirSync(options.stateDir, { recursive: true });
  const ctx: DeviceContext = {
    scheduler,
    rest,
    mqttUrl: options.mqttUrl,
    ca: options.ca,
    hostName,
    seed: options.seed ?? 1,
    faultProfile: options.faultProfile ?? {},
    knownImages: options.knownImages ?? BUILT_IN_IMAGES,
    restartSettings: options.restartSettings ?? DEFAULT_RESTART_SETTINGS,
    telemetryIntervalMs: options.telemetryIntervalMs ?? 10_000,
    edgeHubSyncMs: options.edgeHubSyncMs ?? 5_000,
    reconnectMs: options.reconnectMs ?? 3_000,
    now,
    log,
    stateDir: options.stateDir ?? null,
    storeMaxSizeBytes: options.storeMaxSizeBytes ?? null,
    tokenValiditySecs: options.tokenValiditySecs ?? 3600,
    reauthGraceMs: options.reauthGraceMs ?? 10_000,
    onLedger: options.onLedger,
  };
  const devices = new Map<string, SimulatedDevice>();
  let isStopped = false;
  // Without a fixed list, images the hub knows pull (registry sources an operator added and browsed
  // included); re-read every minute, so a new source works without restarting the fleet.
  const refreshImages = async () => {
    try {
      ctx.knownImages = [...BUILT_IN_IMAGES, ...(await rest.listKnownImages())];
    } catch (error) {
      log(`image list: ${(error as Error).message} (keeping the previous list)`);
    }
  };
  const imageTimer = options.knownImages ? null : setInterval(() => void refreshImages(), 60_000);
  imageTimer?.unref();
  if (!options.knownImages) await refreshImages();
  const queue = [...options.deviceIds];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined && !isStopped; id = queue.shift()) {
      try {
        const key = await prepareDevice(rest, id, { ...options, log });
        if (!key || isStopped) continue;
        const device = new SimulatedDevice(ctx, id, key);
        devices.set(id, device);
        await device.start();
      } catch (error) {
        log(`${id}: could not start: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 16) }, worker));
  return {
    devices,
    scheduler,
    async stop() {
      isStopped = true;
      if (imageTimer) clearInterval(imageTimer);
      await Promise.all([...devices.values()].map((d) => d.stop()));
      scheduler.stop();
    },
  };
}
