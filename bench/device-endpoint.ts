// The device endpoint at fleet scale (issue #5, "Performance"), on a throwaway PostgreSQL cluster:
//
//   node --import tsx bench/device-endpoint.ts [--devices 2000] [--rate 1000] [--sockets 100] [--seconds 15]
//   npm run bench:devices -- --devices 10 --rate 50 --sockets 5 --seconds 3     (a smoke run)
//
// Starts the EdgeDeck server from the production build, connects a simulated IoT Edge fleet over
// MQTT (connect time, memory per connection), measures twin GET over MQTT with the fleet connected,
// then reported patch -> console Socket.IO event latency beside an in-process emit baseline, then a
// deployment to the whole fleet until every device reports success (issue #6). Prints
// the figures, writes them to bench/results/, and stops everything it started, on failure too.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { connectSql } from "./lib/sql-client";
import { newOwnerKey, ownerToken } from "./lib/auth";
import type { FigureRow } from "./lib/context";
import { cpuReport, cpuSnapshot, type CpuParties, type CpuReport } from "./lib/cpu";
import { measureEmitBaseline } from "./lib/emit-baseline";
import { connectRows, liveStatusRows, twinGetRows } from "./lib/endpoint-report";
import { parseEndpointArgs } from "./lib/endpoint-args";
import { checkOpenFileLimit, openFileLimits } from "./lib/fd-limit";
import { connectFleet } from "./lib/fleet-connect";
import { measureLiveStatus } from "./lib/live-status";
import { measureRollout, rolloutRows } from "./lib/rollout";
import { machineInfo } from "./lib/machine";
import { openIdentityPool, type IdentityPool } from "./lib/mqtt-identities";
import { measureTwinGets } from "./lib/mqtt-twin-get";
import { startEdgeDeck } from "./lib/edgedeck-server";
import { freePort, tail, type ManagedProcess } from "./lib/processes";
import { rssMiB } from "./lib/proc-memory";
import { summariseProfileDir, type SampleWindow } from "./lib/profile-summary";
import { machineLines, markdownTable, textTable } from "./lib/report";
import { ensureProductionBuild, gitRevision } from "./lib/setup";
import { sleep } from "./lib/stats";
import type { Fleet } from "@/lib/simulator/fleet";

const root = path.resolve(import.meta.dirname, "..");
const began = performance.now();
const log = (line: string) => console.log(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)}s] ${line}`);
const HOST_NAME = "localhost";

async function withCpu<T>(parties: CpuParties, cores: number, work: () => Promise<T>): Promise<{ result: T; cpu: CpuReport }> {
  const before = cpuSnapshot(parties);
  const result = await work();
  return { result, cpu: cpuReport(before, cpuSnapshot(parties), cores) };
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

const cpuLine = (label: string, cpu: CpuReport) =>
  `${label}: ${Object.entries(cpu.machinePercent).map(([k, v]) => `${k === "server" ? "EdgeDeck" : k === "bench" ? "bench+simulator" : k === "others" ? "other work" : k} ${v}%`).join(", ")} of the machine over ${cpu.seconds} s`;

async function main() {
  process.chdir(root);
  const args = parseEndpointArgs(process.argv.slice(2));
  // Server side: fleet (2 + modules per device) + bench identities; bench side the same plus console sockets.
  checkOpenFileLimit(args.devices * (2 + args.modules) + args.identities + args.sockets * 2 + 1024, log);
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const resultsDir = path.join(root, "bench", "results");
  const profileDir = args.cpuProf ? path.join(resultsDir, `profile-${stamp}-device-endpoint`) : null;
  let liveWindow: SampleWindow | null = null;
  fs.mkdirSync(resultsDir, { recursive: true });
  const build = ensureProductionBuild(root, log);
  const revision = gitRevision(root);

  const { startTestPostgres } = (await import(new URL("../scripts/test-postgres.mjs", import.meta.url).href)) as {
    startTestPostgres(): Promise<{ url: string; dataDir: string; stop(): Promise<void> }>;
  };
  log("starting a throwaway PostgreSQL 15 cluster");
  const cluster = await startTestPostgres();
  let server: (ManagedProcess & { port: number }) | null = null;
  let fleet: Fleet | null = null;
  let pool: IdentityPool | null = null;
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-bench-devices-"));
  process.once("exit", () => fs.rmSync(runDir, { recursive: true, force: true }));
  try {
    const sql = connectSql(cluster.url, { max: 1 });
    const [{ server_version: pgVersion }] = await sql`show server_version`;
    await sql.end({ timeout: 5 });
    const machine = machineInfo(pgVersion);
    log(machineLines(machine).replace("\n", "; "));

    const ownerKey = newOwnerKey();
    const token = ownerToken(ownerKey, HOST_NAME);
    const mqttPort = await freePort();
    const source = `commit ${revision.commit}${revision.dirty ? " + uncommitted changes" : ""}, production build ${build.buildId}`;
    server = await startEdgeDeck({
      databaseUrl: cluster.url,
      ownerKey,
      dataDir: runDir,
      logFile: path.join(resultsDir, `server-${stamp}-device-endpoint.log`),
      mqttPort,
      hubHostName: HOST_NAME,
      nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    });
    log(`started EdgeDeck (${source}) on port ${server.port}, MQTT on ${mqttPort}`);
    const caResponse = await fetch(`${server.url}/api/tls/ca.pem`);
    const ca = caResponse.ok ? await caResponse.text() : undefined;
    const mqttUrl = `mqtts://127.0.0.1:${mqttPort}`;
    const parties: CpuParties = { server: server.pid, postgresDataDir: cluster.dataDir };
    // The server's idle footprint settles after start-up (lazy route loading, first GCs).
    await sleep(3000);
    const loadAverageAtStart = os.loadavg();

    // 1. Connect the fleet.
    const deviceIds = Array.from({ length: args.devices }, (_, i) => `bench-${String(i + 1).padStart(5, "0")}`);
    log(`fleet: ${args.devices} simulated IoT Edge devices (edgeAgent, edgeHub, ${args.modules} modules each; no faults, telemetry ${args.telemetrySeconds ? `every ${args.telemetrySeconds} s` : "off"})`);
    const connect = await withCpu(parties, machine.nproc, () =>
      connectFleet({
        serverUrl: server!.url,
        serverPid: server!.pid,
        mqttUrl,
        mqttPort,
        hostName: HOST_NAME,
        ca,
        ownerKey,
        deviceIds,
        modules: args.modules,
        prepareConcurrency: args.prepareConcurrency,
        telemetrySeconds: args.telemetrySeconds,
        connectTimeoutSeconds: args.connectTimeout,
        log,
      }),
    );
    fleet = connect.result.fleet;
    const connectFigures = connect.result.figures;

    // 2. The bench's own device-identity connections, beside the fleet.
    log(`identities: connecting ${args.identities} device identities of the bench's own`);
    pool = await openIdentityPool({ serverUrl: server.url, mqttUrl, hostName: HOST_NAME, ca, ownerKey, deviceIds: deviceIds.slice(0, args.identities), concurrency: 16 });
    const connectionsDuringMeasurement = connectFigures.connections + pool.connections.length;

    // 3. Twin GET over MQTT with every connection up.
    log(`twin GET: ${args.getIdentities} identities x ${args.getsPerIdentity}, ${args.getConcurrency} in flight`);
    const gets = await withCpu(parties, machine.nproc, () =>
      measureTwinGets(pool!.connections.slice(0, args.getIdentities), args.getsPerIdentity, args.getConcurrency),
    );

    // 4. Live status: reported patch -> console socket event, then the in-process emit baseline.
    const liveFromUs = monotonicUs();
    const live = await withCpu(parties, machine.nproc, () =>
      measureLiveStatus({ serverUrl: server!.url, token, connections: pool!.connections, sockets: args.sockets, rate: args.rate, seconds: args.seconds, log }),
    );
    liveWindow = { label: "live status", fromUs: liveFromUs, toUs: monotonicUs() };
    const baseline = await withCpu(parties, machine.nproc, () =>
      measureEmitBaseline({ sockets: args.sockets, rate: args.rate, count: live.result.acknowledged, log }),
    );
    // 5. A deployment to the whole fleet: time until 95% and 100% report success (issue #6).
    log(`rollout: a deployment to all ${connectFigures.devicesStarted} devices, waiting for reporting success`);
    const rollout = await withCpu(parties, machine.nproc, () =>
      measureRollout({ serverUrl: server!.url, token, modules: args.modules, expected: connectFigures.devicesStarted, timeoutSeconds: 600, log }),
    );
    const serverRssAtEndMiB = rssMiB(server.pid);

    const rows: FigureRow[] = [
      ...connectRows(connectFigures),
      ...twinGetRows(gets.result, connectionsDuringMeasurement),
      ...liveStatusRows(live.result, baseline.result),
      ...rolloutRows(rollout.result),
    ];
    const command = `node --import tsx bench/device-endpoint.ts ${process.argv.slice(2).join(" ")}`.trim();
    const fd = openFileLimits();
    const cpuLines = [
      cpuLine("CPU, connect", connect.cpu),
      cpuLine("CPU, twin GET", gets.cpu),
      cpuLine("CPU, live status", live.cpu),
      cpuLine("CPU, emit baseline", baseline.cpu),
      cpuLine("CPU, rollout", rollout.cpu),
    ];
    const header = [
      `EdgeDeck device endpoint benchmark, ${startedAt.toISOString()}`,
      `Command: ${command}`,
      `EdgeDeck: ${source}${build.stale ? " (build older than the sources)" : ""}`,
      `Fleet: ${connectFigures.devicesStarted} simulated IoT Edge devices x ${args.modules} modules, ${connectFigures.connections} MQTT connections (+${pool.connections.length} bench device identities); ${args.sockets} console sockets`,
      machineLines(machine),
      `Load average when the fleet started: ${loadAverageAtStart.map((l) => l.toFixed(2)).join(" ")}; at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
      `Open file limit: ${fd ? `${fd.soft} (hard ${fd.hard})` : "unknown"}; server RSS at the end: ${serverRssAtEndMiB} MiB`,
    ].join("\n");
    console.log(`\n${header}\n\n${textTable(rows)}\n\n${cpuLines.join("\n")}`);

    const json = {
      startedAt,
      command,
      args,
      machine,
      build,
      revision,
      openFileLimit: fd,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg(),
      rows,
      connect: { ...connectFigures, cpu: connect.cpu },
      benchIdentities: pool.connections.length,
      twinGet: { ...gets.result, connections: connectionsDuringMeasurement, cpu: gets.cpu },
      liveStatus: { ...live.result, cpu: live.cpu },
      emitBaseline: { ...baseline.result, cpu: baseline.cpu },
      rollout: { ...rollout.result, cpu: rollout.cpu },
      serverRssAtEndMiB,
    };
    const jsonFile = path.join(resultsDir, `${stamp}-device-endpoint.json`);
    fs.writeFileSync(jsonFile, JSON.stringify(json, null, 2));
    fs.writeFileSync(
      path.join(resultsDir, `${stamp}-device-endpoint.md`),
      `${header.split("\n").map((l) => `${l}  `).join("\n")}\n\n${markdownTable(rows)}\n\n${cpuLines.map((l) => `- ${l}`).join("\n")}\n`,
    );
    log(`results: ${path.relative(root, jsonFile)} (and .md)`);
  } catch (error) {
    if (server) log(`server log tail:\n${tail(server.logFile)}`);
    throw error;
  } finally {
    log("stopping the bench identities, the fleet, the server and the cluster");
    await pool?.close().catch(() => {});
    await fleet?.stop().catch(() => {});
    await server?.stop().catch(() => {});
    await cluster.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
    log("stopped");
  }
  // The server writes its profile when it exits, so this comes after stopping it.
  if (profileDir && liveWindow && fs.existsSync(profileDir)) {
    const texts = summariseProfileDir(profileDir, [liveWindow], 25);
    console.log(texts ? `\n${texts.join("\n\n")}\n` : `no CPU profile in ${profileDir}`);
  }
}

main().catch((error) => {
  console.error(`[bench] ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
});
