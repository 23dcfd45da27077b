import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { demoDeviceIds, seedDemoFleet } from "@/db/seed";
import { acceptedHosts } from "@/lib/api/accepted-hosts";
import { serveApiRequest } from "@/lib/api/node-api-server";
import { CLIENT_ADDRESS_HEADER } from "@/lib/api/route";
import { ensureDefaultPolicies, findAccessPolicy } from "@/lib/data/access-policies";
import { countUsers } from "@/lib/data/operator-users";
import { resetConnectionStates } from "@/lib/data/reset-connection-states";
import { closeStore, getStore } from "@/lib/data/store";
import { startDeviceEndpoint } from "@/lib/device-endpoint/device-endpoint";
import { loadTlsMaterial } from "@/lib/device-endpoint/tls-material";
import { serviceConnectionString } from "@/lib/domain/identity";
import { env } from "@/lib/env";
import { startRealtime } from "@/lib/realtime/server/socket-server";
import { joinCluster } from "@/lib/workers/cluster-membership";
import { startDemoFleet } from "@/lib/simulator/demo-fleet";
import { startHousekeeping } from "@/lib/workers/housekeeping";
import { startDeploymentReconciler } from "@/lib/workers/deployment-reconciler";

/**
 * The one process: Next.js (pages and REST), Socket.IO and the change-feed relay on one port, and
 * the MQTT device endpoint (TLS on MQTT_PORT, WebSocket on the HTTP port) sharing that relay.
 */
async function main() {
  const store = await getStore();
  const createdPolicies = await ensureDefaultPolicies({ ownerKey: env.EDGEDECK_OWNER_KEY });
  if (createdPolicies.includes("iothubowner")) {
    const owner = await findAccessPolicy("iothubowner");
    // Printed once, when the key is new; `npm run policy -- show iothubowner` prints it again.
    console.log(
      `[edgedeck] iothubowner connection string (shown once):\n  ${serviceConnectionString({
        host: env.HUB_HOSTNAME,
        policyName: "iothubowner",
        key: owner!.primaryKey,
      })}`,
    );
  }
  if ((await countUsers()) === 0) {
    console.log(`[edgedeck] no operator yet: open the console to create the first admin, or run \`npm run user -- create <name>\``);
  }
  if (env.EDGEDECK_DEMO) {
    const seeded = await seedDemoFleet(store, new Date());
    if (seeded > 0) console.log(`[edgedeck] seeded a demo fleet of ${seeded} edge devices`);
  }

  const dev = env.NODE_ENV !== "production";
  const app = next({ dev, hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const apiOrigin = `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`;
  const httpServer = createServer((req, res) => {
    // The only trustworthy client address is the socket's; overwrite whatever the client claimed.
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    // In production the REST API skips Next's request pipeline (same handlers; see node-api-server.ts).
    if (!dev && req.url?.startsWith("/api/")) void serveApiRequest(req, res, apiOrigin);
    else void handle(req, res);
  });
  // Longer than the idle timeouts of clients' connection pools and load balancers (often 60 s): with
  // Node's 5 s default, a client reusing a keep-alive connection at the moment the server closes it
  // gets ECONNRESET (seen in the e2e suite).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const realtime = await startRealtime(httpServer, store, {
    maxCatchUp: env.REALTIME_MAX_CATCHUP,
    databaseUrl: store.kind === "postgres" ? env.DATABASE_URL : undefined,
  });
  const stopHousekeeping = startHousekeeping();
  const reconciler = startDeploymentReconciler({
    onChange: (listener) => realtime.relay.onChange(listener),
    periodSeconds: env.DEPLOYMENT_RECONCILE_SECONDS,
    log: (message) => console.log(message),
  });
  // PGlite holds a lock on its folder, so no other process can own a session: rows still saying
  // Connected are left over from a crash. On PostgreSQL the cluster sweep releases a dead node's.
  if (store.kind === "pglite") await resetConnectionStates(new Date());
  // Heartbeats and the dead-node sweep only mean something with several processes, i.e. PostgreSQL.
  const membership = store.kind === "postgres" ? await joinCluster(realtime.cluster.nodeId, env.CLUSTER_NODE_TIMEOUT_SECONDS) : null;
  const isMemoryStore = env.DATA_DIR.startsWith("memory://");
  const tls = await loadTlsMaterial(
    env.MQTT_TLS_CERT && env.MQTT_TLS_KEY
      ? { kind: "files", certFile: env.MQTT_TLS_CERT, keyFile: env.MQTT_TLS_KEY }
      : {
          kind: "generated",
          dir: isMemoryStore ? null : path.join(env.dataDir, "tls"),
          hostNames: [env.HUB_HOSTNAME, ...(["0.0.0.0", "::"].includes(env.HOST) ? [] : [env.HOST])],
        },
  );
  const devices = await startDeviceEndpoint({
    host: env.HOST,
    port: env.MQTT_PORT,
    tls,
    acceptedHosts: acceptedHosts(),
    httpServer,
    changes: realtime.relay,
    messageRetentionHours: env.MESSAGE_RETENTION_HOURS,
    cluster: store.kind === "postgres" ? realtime.cluster : undefined,
    onMessage: (message) => realtime.publishMessage(message),
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(env.PORT, env.HOST, resolve);
  });
  console.log(`[edgedeck] console and API on http://${env.HOST}:${env.PORT} (${store.kind}, ${dev ? "dev" : "production"})`);
  console.log(
    `[edgedeck] devices: mqtts://${env.HOST}:${devices.port}, ws://${env.HOST}:${env.PORT}/$iothub/websocket` +
      (tls.caPem ? ` (CA at /api/tls/ca.pem)` : ""),
  );

  // The demo fleet connects to this server like any remote device would (docs/simulator.md).
  const owner = env.EDGEDECK_DEMO && env.SIMULATOR_DEVICES > 0 ? await findAccessPolicy("iothubowner") : null;
  const simulator = owner
    ? startDemoFleet({
        host: env.HOST,
        httpPort: env.PORT,
        mqttPort: devices.port,
        hubHostName: env.HUB_HOSTNAME,
        caPem: tls.caPem ?? null,
        certFile: env.MQTT_TLS_CERT,
        ownerKey: owner.primaryKey,
        deviceIds: demoDeviceIds().slice(0, env.SIMULATOR_DEVICES),
        seed: env.SIMULATOR_SEED,
        faults: env.SIMULATOR_FAULTS,
        telemetrySeconds: env.SIMULATOR_TELEMETRY_SECONDS,
        stateDir: env.SIMULATOR_STATE_DIR,
      })
    : null;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[edgedeck] ${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await simulator?.stop();
      stopHousekeeping();
      await reconciler.stop();
      httpServer.closeIdleConnections?.();
      await devices.close();
      await membership?.leave();
      await realtime.close();
      await app.close?.();
      await closeStore();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch(async (error) => {
  console.error(`[edgedeck] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof Error && error.name === "DataDirLockedError")) console.error(error);
  await closeStore().catch(() => {});
  process.exit(1);
});
