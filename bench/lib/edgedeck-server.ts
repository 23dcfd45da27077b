import { freePort, startNodeProcess, type ManagedProcess } from "./processes";

export type EdgeDeckServerOptions = {
  databaseUrl: string;
  ownerKey: string;
  dataDir: string;
  logFile: string;
  /** 0 (default): a free port, so that the device endpoint never collides with another EdgeDeck. */
  mqttPort?: number;
  hubHostName?: string;
  /** Extra node options before `--import tsx` (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
};

/**
 * The EdgeDeck server as every bench runs it: `server.ts` from the production build on a free HTTP
 * port, no demo data, the given PostgreSQL and owner key; resolves once `/api/health` answers.
 */
export async function startEdgeDeck(options: EdgeDeckServerOptions): Promise<ManagedProcess & { port: number }> {
  const port = await freePort();
  const server = await startNodeProcess({
    name: "EdgeDeck server",
    args: [...(options.nodeArgs ?? []), "--import", "tsx", "server.ts"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: options.databaseUrl,
      EDGEDECK_DEMO: "0",
      EDGEDECK_OWNER_KEY: options.ownerKey,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: options.dataDir,
      MQTT_PORT: String(options.mqttPort ?? 0),
      ...(options.hubHostName ? { HUB_HOSTNAME: options.hubHostName } : {}),
    },
    port,
    readyPath: "/api/health",
    logFile: options.logFile,
  });
  return { ...server, port };
}
