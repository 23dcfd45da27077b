import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Sql } from "postgres";

const SOURCES = ["app", "components", "lib", "db", "public", "next.config.js", "package-lock.json"];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/**
 * The server runs the production build; without `.next/BUILD_ID` it is built first. A build older
 * than the sources is used as it is (rebuilding under someone else's feet is not the bench's call),
 * with a warning.
 */
export function ensureProductionBuild(root: string, log: (line: string) => void): { buildId: string; stale: boolean } {
  const buildIdFile = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildIdFile)) {
    log("no production build (.next/BUILD_ID): running `npx next build`");
    const build = spawnSync("npx", ["next", "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) throw new Error(`next build failed with ${build.status ?? build.signal}`);
  }
  const builtAt = fs.statSync(buildIdFile).mtimeMs;
  const sourcesAt = Math.max(...SOURCES.map((p) => newestMtime(path.join(root, p))));
  const stale = builtAt < sourcesAt;
  if (stale) log("warning: .next is older than the sources; the figures are for the build, run `npm run build` to refresh it");
  return { buildId: fs.readFileSync(buildIdFile, "utf8").trim(), stale };
}

/** `npm run seed` into the cluster (bulk-seed), then VACUUM ANALYZE so every run starts from the same state. */
export async function seedFleet(
  root: string,
  databaseUrl: string,
  options: { devices: number; modulesPerDevice: number; prefix: string },
  sql: Sql,
  log: (line: string) => void,
): Promise<number> {
  const started = performance.now();
  log(`seeding ${options.devices} devices x ${options.modulesPerDevice} modules`);
  const seed = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/seed.ts", "--devices", String(options.devices), "--modules-per-device", String(options.modulesPerDevice), "--prefix", options.prefix],
    { cwd: root, stdio: "inherit", env: { ...process.env, DATABASE_URL: databaseUrl, EDGEDECK_DEMO: "0" } },
  );
  if (seed.status !== 0) throw new Error(`seeding failed with ${seed.status ?? seed.signal}`);
  await sql.unsafe("vacuum analyze devices");
  await sql.unsafe("vacuum analyze modules");
  const seconds = (performance.now() - started) / 1000;
  log(`seeded and vacuumed in ${seconds.toFixed(1)} s`);
  return seconds;
}

/**
 * Between benchmarks: vacuum what the previous one wrote, so that autovacuum (counted as PostgreSQL
 * CPU, and competing for the cores) does not start in the middle of the next measurement.
 */
export async function settleDatabase(sql: Sql, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  for (const table of ["devices", "modules", "changes", "twin_revisions"]) await sql.unsafe(`vacuum analyze ${table}`);
  await sql.unsafe("checkpoint");
  log(`vacuumed devices, modules, changes, twin_revisions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Autovacuum and autoanalyze runs per table, for the record (were any inside a measurement?). */
export async function autovacuumCounts(sql: Sql) {
  return sql.unsafe<{ relname: string; autovacuum_count: string; autoanalyze_count: string; n_dead_tup: string }[]>(
    "select relname, autovacuum_count, autoanalyze_count, n_dead_tup from pg_stat_user_tables order by relname",
  );
}

/**
 * The commit the server ran from, and whether tracked files outside bench/ and docs/ (the ones that
 * can change what is measured) differed from it.
 */
export function gitRevision(root: string): { commit: string; dirty: boolean } {
  const run = (args: string[]) => spawnSync("git", args, { cwd: root, encoding: "utf8" });
  const head = run(["rev-parse", "--short", "HEAD"]);
  if (head.status !== 0) return { commit: "unknown", dirty: false };
  const status = run(["status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)bench", ":(exclude)docs"]);
  return { commit: head.stdout.trim(), dirty: status.stdout.trim().length > 0 };
}
