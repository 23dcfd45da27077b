// EdgeDeck benchmarks, each side by side with its baseline, on a throwaway PostgreSQL cluster:
//
//   node --import tsx bench/run.ts [--devices 100000] [--modules-per-device 5] [--duration 15]
//   npm run bench -- --devices 2000 --duration 3          (a quick smoke run)
//
// Seeds the fleet (bulk-seed), starts the EdgeDeck server from the production build and the bare
// twin server, runs twin GET, twin PATCH, query page and change feed, prints the figures and writes
// them to bench/results/. Everything it started is stopped again, on failure too.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PG_STATEMENTS_SERVER_OPTIONS, recordStatements, statementsText } from "./lib/pg-statements";
import { connectSql } from "./lib/sql-client";
import { BENCHMARKS, parseBenchArgs, type BenchmarkName } from "./lib/args";
import { newOwnerKey, ownerToken } from "./lib/auth";
import { benchChangeFeed } from "./lib/change-feed";
import type { BenchContext, BenchResult, FigureRow } from "./lib/context";
import { measuredRuns } from "./lib/cpu";
import { machineInfo, requireWrk, waitForIdle } from "./lib/machine";
import { startEdgeDeck } from "./lib/edgedeck-server";
import { freePort, startNodeProcess, tail, type ManagedProcess } from "./lib/processes";
import { summariseProfileDir, type SampleWindow } from "./lib/profile-summary";
import { benchQueryPage } from "./lib/query-page";
import { cpuMarkdown, cpuTable, machineLines, markdownTable, textTable } from "./lib/report";
import { autovacuumCounts, ensureProductionBuild, gitRevision, seedFleet, settleDatabase } from "./lib/setup";
import { benchTwinGet } from "./lib/twin-get";
import { benchTwinPatch } from "./lib/twin-patch";

const BENCHES: Record<BenchmarkName, (ctx: BenchContext) => Promise<BenchResult>> = {
  "twin-get": benchTwinGet,
  "twin-patch": benchTwinPatch,
  "query-page": benchQueryPage,
  "change-feed": benchChangeFeed,
};

const root = path.resolve(import.meta.dirname, "..");
const began = performance.now();
const log = (line: string) => console.log(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)}s] ${line}`);

async function main() {
  process.chdir(root);
  const args = parseBenchArgs(process.argv.slice(2));
  requireWrk();
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const resultsDir = path.join(root, "bench", "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  const build = ensureProductionBuild(root, log);

  // A plain .mjs without type declarations: imported by URL and typed here.
  const { startTestPostgres } = (await import(new URL("../scripts/test-postgres.mjs", import.meta.url).href)) as {
    startTestPostgres(): Promise<{ url: string; dataDir: string; stop(): Promise<void> }>;
  };
  log("starting a throwaway PostgreSQL 15 cluster");
  if (args.pgStatements) process.env.TEST_PG_OPTIONS = `${process.env.TEST_PG_OPTIONS ?? ""} ${PG_STATEMENTS_SERVER_OPTIONS}`.trim();
  const cluster = await startTestPostgres();
  const sql = connectSql(cluster.url, { max: 4, prepare: true });
  const processes: ManagedProcess[] = [];
  const results: BenchResult[] = [];
  const failures: { name: string; error: string }[] = [];
  let profileDir: string | null = null;
  let dataDir: string | null = null;
  const autovacuum: { after: string; tables: unknown[] }[] = [];
  try {
    const seedSeconds = await seedFleet(root, cluster.url, args, sql, log);
    if (args.pgStatements) await recordStatements(sql);
    const [{ server_version: pgVersion }] = await sql`show server_version`;
    const machine = machineInfo(pgVersion);
    log(machineLines(machine).replace("\n", "; "));

    const ownerKey = newOwnerKey();
    // The server's own files (generated MQTT TLS material) go to a folder of this run, not ./.data.
    const runDir = (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-bench-")));
    process.once("exit", () => fs.rmSync(runDir, { recursive: true, force: true }));
    profileDir = args.cpuProf ? path.join(resultsDir, `profile-${stamp}`) : null;
    const revision = gitRevision(root);
    const source = `commit ${revision.commit}${revision.dirty ? " + uncommitted changes" : ""}, production build ${build.buildId}`;
    const server = await startEdgeDeck({
      databaseUrl: cluster.url,
      ownerKey,
      dataDir: runDir,
      logFile: path.join(resultsDir, `server-${stamp}.log`),
      nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    });
    log(`started EdgeDeck (${source}) on port ${server.port}${profileDir ? " under --cpu-prof" : ""}`);
    processes.push(server);
    const baselinePort = await freePort();
    const baseline = await startNodeProcess({
      name: "bare twin server",
      args: ["--import", "tsx", "bench/baselines/bare-twin-server.ts"],
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: cluster.url, PORT: String(baselinePort) },
      port: baselinePort,
      readyPath: "/health",
      logFile: path.join(resultsDir, `baseline-${stamp}.log`),
    });
    processes.push(baseline);

    // Waited for here, after our own seeding and start-up, right before the measurements.
    if (args.waitForIdle > 0) await waitForIdle(args.idleLoad, args.waitForIdle, log);
    const loadAverageAtStart = os.loadavg();
    const ctx: BenchContext = {
      args,
      server,
      baseline,
      sql,
      databaseUrl: cluster.url,
      token: ownerToken(ownerKey),
      cores: machine.nproc,
      cpuParties: { server: server.pid, baseline: baseline.pid, postgresDataDir: cluster.dataDir },
      log,
    };
    for (const name of BENCHMARKS.filter((b) => args.only.includes(b))) {
      try {
        await settleDatabase(sql, log);
        results.push(await BENCHES[name](ctx));
        autovacuum.push({ after: name, tables: await autovacuumCounts(sql) });
      } catch (error) {
        log(`${name} FAILED: ${error instanceof Error ? error.stack : error}`);
        log(`server log tail:\n${tail(server.logFile)}`);
        failures.push({ name, error: String(error) });
      }
    }

    const rows: FigureRow[] = results.flatMap((r) => r.rows);
    const command = `node --import tsx bench/run.ts ${process.argv.slice(2).join(" ")}`.trim();
    const header = [
      `EdgeDeck benchmarks, ${startedAt.toISOString()}`,
      `Command: ${command}`,
      `EdgeDeck: ${source}`,
      `Fleet: ${args.devices} edge devices, ${args.devices * args.modulesPerDevice} module twins (seeded in ${seedSeconds.toFixed(0)} s)`,
      machineLines(machine),
      `Load average when the measurements began: ${loadAverageAtStart.map((l) => l.toFixed(2)).join(" ")}`,
      `Runs: ${args.warmup} s warm-up, ${args.duration} s measured per side; GET ${args.connections} wrk connections / ${args.threads} threads; PATCH ${args.concurrency} workers`,
    ].join("\n");
    console.log(`\n${header}\n\n${textTable(rows)}\n\n${cpuTable(measuredRuns)}`);
    for (const run of measuredRuns) if (run.statements) console.log(`\n${statementsText(run.label, run.statements)}`);
    if (failures.length) console.log(`\nFailed benchmarks: ${failures.map((f) => f.name).join(", ")}`);

    const json = {
      startedAt,
      command,
      args,
      machine,
      build,
      revision,
      seedSeconds,
      rows,
      results,
      measuredRuns,
      autovacuum,
      failures,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg(),
    };
    const jsonFile = path.join(resultsDir, `bench-${stamp}.json`);
    fs.writeFileSync(jsonFile, JSON.stringify(json, null, 2));
    fs.writeFileSync(
      path.join(resultsDir, `bench-${stamp}.md`),
      `${header.split("\n").map((l) => `${l}  `).join("\n")}\n\n${markdownTable(rows)}\n\n${cpuMarkdown(measuredRuns)}\n`,
    );
    log(`results: ${path.relative(root, jsonFile)} (and .md)`);
  } finally {
    for (const p of processes.reverse()) await p.stop().catch(() => {});
    await sql.end({ timeout: 5 }).catch(() => {});
    await cluster.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    log("stopped the servers and the cluster");
  }

  if (profileDir && fs.existsSync(profileDir)) summariseProfiles(profileDir);
  if (failures.length) process.exitCode = 1;
}

/**
 * One summary per measured EdgeDeck window of the main thread's profile (the largest file; the
 * other is the module-loader thread), written beside the profiles and printed.
 */
function summariseProfiles(dir: string) {
  const windows: (SampleWindow | undefined)[] = [...measuredRuns.filter((run) => run.edgedeck), undefined];
  const texts = summariseProfileDir(dir, windows);
  if (!texts) return log(`no CPU profile in ${dir}`);
  console.log(`\n${texts.join("\n\n")}\n`);
  log(`profile summaries: ${path.relative(root, path.join(dir, "summary.txt"))}`);
}

main().catch((error) => {
  console.error(`[bench] ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
});
