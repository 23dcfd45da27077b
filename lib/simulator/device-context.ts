import type { FaultProfile, KnownImage, RestartSettings } from "@/lib/domain/edge-runtime";
import type { LedgerEvent } from "./device-store";
import type { HubRest } from "./hub-rest";
import type { Scheduler } from "./scheduler";

/** What every simulated device of a fleet shares: the scheduler, the hub's addresses, settings. */
export type DeviceContext = {
  scheduler: Scheduler;
  rest: HubRest;
  mqttUrl: string;
  ca?: string;
  hostName: string;
  seed: number | string;
  faultProfile: FaultProfile;
  knownImages: readonly KnownImage[];
  restartSettings: RestartSettings;
  telemetryIntervalMs: number;
  edgeHubSyncMs: number;
  reconnectMs: number;
  now: () => number;
  log: (line: string) => void;
  /** Where each device's message store is kept (null: in memory only). */
  stateDir: string | null;
  storeMaxSizeBytes: number | null;
  tokenValiditySecs: number;
  reauthGraceMs: number;
  onLedger?: (event: LedgerEvent) => void;
};

