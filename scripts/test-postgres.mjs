// A throwaway PostgreSQL 15 cluster for tests: a temp folder, a free port on 127.0.0.1, a database
// `edgedeck_test`, all gone again on stop() or when this process exits.
//
//   import { startTestPostgres } from "./test-postgres.mjs";
//   const { url, stop } = await startTestPostgres();
//
// Or from a shell, for local runs:
//   node scripts/test-postgres.mjs                 # prints the URL, stops on Ctrl-C
//   node scripts/test-postgres.mjs -- CMD ARGS...  # runs CMD with DATABASE_URL set, then stops
//
// TEST_PG_SOCKET=1 hands out the cluster's Unix-socket URL instead of the TCP one (both are returned).
// TEST_PG_OPTIONS adds server settings (`-c name=value ...`).
//
// PostgreSQL refuses to run as root, so as root the server programs run as the `postgres` user
// (created by Debian's postgresql-15 package) through runuser.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort, isAlive, readTail } from "./lib/local-process.mjs";

const PG_BIN = process.env.PG_BIN || "/usr/lib/postgresql/15/bin";
const DATABASE = "edgedeck_test";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
// runuser lives in /usr/sbin, which a non-login PATH may lack.
const RUNUSER = ["/usr/sbin/runuser", "/sbin/runuser"].find((p) => fs.existsSync(p)) ?? "runuser";

/** Clusters started by this process and not stopped yet, stopped by the exit hooks. */
const running = new Set();
let hooksInstalled = false;

export async function startTestPostgres(options = {}) {
  const database = options.database ?? DATABASE;
  const initdb = path.join(PG_BIN, "initdb");
  if (!fs.existsSync(initdb)) {
    throw new Error(
      `PostgreSQL 15 is not installed (${initdb} is missing). On Debian: apt-get install -y postgresql-15, ` +
        `or set PG_BIN to the folder holding initdb and pg_ctl.`,
    );
  }
  installExitHooks();

  const root = fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-pg-"));
  const dataDir = path.join(root, "data");
  const socketDir = path.join(root, "sock");
  const logFile = path.join(root, "postgres.log");
  fs.mkdirSync(socketDir);
  fs.writeFileSync(logFile, "");
  if (isRoot) chownToPostgres(root);

  const cluster = { root, dataDir, stopped: false };
  running.add(cluster);
  startWatchdog(cluster);
  try {
    run(initdb, ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);

    // A free port can be taken by someone else between probing and binding: try a few.
    let port;
    let lastError;
    for (let attempt = 0; attempt < 3 && port === undefined; attempt++) {
      const candidate = await findFreePort();
      const serverOptions = [
        `-p ${candidate}`,
        `-k ${socketDir}`,
        "-c listen_addresses=127.0.0.1",
        "-c fsync=off",
        "-c synchronous_commit=off",
        "-c full_page_writes=off",
        "-c max_connections=200",
        ...(process.env.TEST_PG_OPTIONS ? [process.env.TEST_PG_OPTIONS] : []),
      ].join(" ");
      try {
        run(path.join(PG_BIN, "pg_ctl"), ["-D", dataDir, "-l", logFile, "-o", serverOptions, "-w", "-t", "60", "start"]);
        port = candidate;
      } catch (error) {
        lastError = error;
      }
    }
    if (port === undefined) throw lastError;
    cluster.port = port;

    run(path.join(PG_BIN, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", database], {
      asPostgres: false,
    });
  } catch (error) {
    const log = readTail(logFile);
    stopCluster(cluster);
    throw new Error(`Could not start the test PostgreSQL: ${error.message}${log ? `\n--- postgres.log ---\n${log}` : ""}`);
  }

  const tcpUrl = `postgres://postgres@127.0.0.1:${cluster.port}/${database}`;
  // libpq's form for a Unix-domain socket; db/client.ts and the benches read it (lib/domain/postgres-url.ts).
  const socketUrl = `postgres://postgres@localhost:${cluster.port}/${database}?host=${encodeURIComponent(socketDir)}`;
  const url = process.env.TEST_PG_SOCKET === "1" ? socketUrl : tcpUrl;
  return {
    url,
    tcpUrl,
    socketUrl,
    port: cluster.port,
    dataDir,
    stop: async () => stopCluster(cluster),
  };
}

function stopCluster(cluster) {
  if (cluster.stopped) return;
  cluster.stopped = true;
  running.delete(cluster);
  if (fs.existsSync(path.join(cluster.dataDir, "postmaster.pid"))) {
    try {
      run(path.join(PG_BIN, "pg_ctl"), ["-D", cluster.dataDir, "-m", "immediate", "-w", "-t", "30", "stop"]);
    } catch (error) {
      process.stderr.write(`test-postgres: pg_ctl stop failed: ${error.message}\n`);
    }
  }
  fs.rmSync(cluster.root, { recursive: true, force: true });
}

function stopAll() {
  for (const cluster of [...running]) stopCluster(cluster);
}

function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", stopAll);
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ]) {
    process.once(signal, () => {
      stopAll();
      process.exit(code);
    });
  }
}

/**
 * A detached watcher that stops the cluster if this process dies without running its exit hooks
 * (SIGKILL, an OOM kill). It exits by itself once the cluster folder is gone.
 */
function startWatchdog(cluster) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--watchdog", String(process.pid), cluster.root], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
}

function watchdog(parent, root) {
  const dataDir = path.join(root, "data");
  const timer = setInterval(() => {
    if (!fs.existsSync(root)) return clearInterval(timer);
    if (isAlive(parent)) return;
    clearInterval(timer);
    // Let an initdb or pg_ctl start that was under way finish, then stop what it started.
    setTimeout(() => {
      if (fs.existsSync(path.join(dataDir, "postmaster.pid"))) {
        try {
          run(path.join(PG_BIN, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"]);
        } catch {
          /* nothing more to do */
        }
      }
      fs.rmSync(root, { recursive: true, force: true });
    }, 3000);
  }, 1000);
}

function run(command, args, { asPostgres = true } = {}) {
  const [cmd, argv] = isRoot && asPostgres ? [RUNUSER, ["-u", "postgres", "--", command, ...args]] : [command, args];
  const result = spawnSync(cmd, argv, { cwd: os.tmpdir(), stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 120_000 });
  if (result.error) throw new Error(`${path.basename(command)}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
    throw new Error(`${path.basename(command)} exited with ${result.status ?? result.signal}${output ? `: ${output}` : ""}`);
  }
  return result.stdout;
}

function chownToPostgres(dir) {
  const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
  const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new Error("Running as root, but there is no `postgres` user to run PostgreSQL as (apt-get install -y postgresql-15 creates it).");
  }
  for (const entry of [dir, ...fs.readdirSync(dir).map((name) => path.join(dir, name))]) fs.chownSync(entry, uid, gid);
}

// CLI use.
const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain && process.argv[2] === "--watchdog") {
  watchdog(Number(process.argv[3]), process.argv[4]);
} else if (isMain) {
  const separator = process.argv.indexOf("--");
  const command = separator === -1 ? [] : process.argv.slice(separator + 1);
  const started = Date.now();
  const { url, stop } = await startTestPostgres();
  process.stderr.write(`test-postgres: ${url} (up in ${Date.now() - started} ms)\n`);
  if (command.length === 0) {
    process.stdout.write(`${url}\n`);
    process.stderr.write("test-postgres: press Ctrl-C to stop\n");
    setInterval(() => {}, 1 << 30);
  } else {
    const child = spawn(command[0], command.slice(1), { stdio: "inherit", env: { ...process.env, DATABASE_URL: url } });
    child.on("exit", async (code, signal) => {
      await stop();
      process.exit(code ?? (signal ? 1 : 0));
    });
  }
}
