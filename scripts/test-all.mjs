// `npm test`: every test tier in order, each streaming its own output, then one closing line
// `N passed, N failed` summed over the tiers (CI reads that line). Exits non-zero on any failure.
//
//   node scripts/test-all.mjs                                  # all tiers
//   node scripts/test-all.mjs --only unit,integration-pg       # some tiers
//   node scripts/test-all.mjs --only unit -- lib/domain/twins  # extra args go to vitest/playwright
//
// Tiers: static (tsc + eslint), unit, integration-pg, integration-pglite (`integration` = both),
// build, e2e.
// Counts come from the runners' JSON reports, not from their console output. A tier that crashes,
// times out or reports no test counts as 1 failed.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestPostgres } from "./test-postgres.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const minutes = (n) => n * 60_000;

const TIERS = [
  {
    name: "static",
    title: "type check (tsc --noEmit) and lint (eslint, incl. the import-direction rule)",
    timeout: minutes(10),
    run: async (ctx) => {
      // Each check counts as one test: the build skips type checking and relies on this tier.
      const tsc = await runChild(ctx, "npx", ["tsc", "--noEmit", "-p", "tsconfig.check.json"], {});
      const lint = await runChild(ctx, "npx", ["eslint", "."], {});
      const failed = [tsc.code !== 0 && "tsc", lint.code !== 0 && "eslint"].filter(Boolean);
      return { passed: 2 - failed.length, failed: failed.length, ...(failed.length ? { note: `${failed.join(", ")} failed` } : {}) };
    },
  },
  {
    name: "unit",
    title: "unit tests (vitest --project unit)",
    timeout: minutes(10),
    run: (ctx) => runVitest(ctx, "unit", {}),
  },
  {
    name: "integration-pg",
    title: "integration tests on PostgreSQL 15 (vitest --project integration)",
    timeout: minutes(20),
    run: async (ctx) => {
      let cluster;
      try {
        const started = Date.now();
        cluster = await startTestPostgres();
        log(`throwaway PostgreSQL at ${cluster.url} (up in ${Date.now() - started} ms)`);
      } catch (error) {
        log(`could not start PostgreSQL: ${error.message}`);
        return { passed: 0, failed: 1, note: "PostgreSQL did not start" };
      }
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-it-"));
      try {
        // The same cluster's Unix-socket URL too, for the test of that URL form (postgres-url.test.ts).
        return await runVitest(ctx, "integration", { DATABASE_URL: cluster.url, TEST_DATABASE_SOCKET_URL: cluster.socketUrl, DATA_DIR: dataDir });
      } finally {
        await cluster.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  },
  {
    name: "integration-pglite",
    title: "integration tests on PGlite in memory (vitest --project integration)",
    timeout: minutes(20),
    run: (ctx) => runVitest(ctx, "integration", { DATABASE_URL: undefined, DATA_DIR: "memory://" }),
  },
  {
    name: "build",
    title: "production build (next build)",
    timeout: minutes(15),
    run: async (ctx) => {
      const { code } = await runChild(ctx, "npx", ["next", "build"], { NODE_ENV: "production" });
      ctx.buildFailed = code !== 0;
      return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1, note: `next build exited with ${code}` };
    },
  },
  {
    name: "e2e",
    title: "end-to-end tests (playwright: api + ui in Chromium against server.ts)",
    timeout: minutes(25),
    run: async (ctx) => {
      if (ctx.buildFailed) return { passed: 0, failed: 1, note: "not run: the build failed" };
      if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
        return { passed: 0, failed: 1, note: "not run: no production build (run with --only build,e2e)" };
      }
      const report = path.join(ctx.reportDir, "e2e.json");
      const { code } = await runChild(ctx, "npx", ["playwright", "test", "--reporter=list,json", ...ctx.extraArgs], {
        PLAYWRIGHT_JSON_OUTPUT_NAME: report,
        DATABASE_URL: undefined,
      });
      return countPlaywright(report, code);
    },
  },
];

const ALIASES = { integration: ["integration-pg", "integration-pglite"], all: TIERS.map((t) => t.name) };

async function main() {
  const { only, extraArgs } = parseArgs(process.argv.slice(2));
  const selected = TIERS.filter((tier) => only.includes(tier.name));
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-test-reports-"));
  const ctx = { reportDir, extraArgs, children: new Set(), buildFailed: false };

  const onSignal = (signal) => {
    for (const child of ctx.children) killGroup(child, "SIGTERM");
    fs.rmSync(reportDir, { recursive: true, force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const results = [];
  for (const [index, tier] of selected.entries()) {
    process.stdout.write(`\n========== [${index + 1}/${selected.length}] ${tier.name}: ${tier.title} ==========\n`);
    const started = Date.now();
    ctx.deadline = started + tier.timeout;
    let result;
    try {
      result = await tier.run(ctx);
    } catch (error) {
      log(`tier crashed: ${error?.stack ?? error}`);
      result = { passed: 0, failed: 1, note: "crashed" };
    }
    result = { ...result, name: tier.name, seconds: (Date.now() - started) / 1000 };
    results.push(result);
    process.stdout.write(`---------- ${tier.name} done: ${describe(result)} ----------\n`);
  }
  fs.rmSync(reportDir, { recursive: true, force: true });

  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  process.stdout.write("\n========== summary ==========\n");
  for (const r of results) process.stdout.write(`  ${r.name.padEnd(20)} ${describe(r)}\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

function describe(r) {
  const skipped = r.skipped ? `, skipped ${r.skipped}` : "";
  const seconds = r.seconds === undefined ? "" : ` in ${r.seconds.toFixed(1)} s`;
  return `passed ${r.passed}, failed ${r.failed}${skipped}${seconds}${r.note ? ` (${r.note})` : ""}`;
}

function parseArgs(argv) {
  const separator = argv.indexOf("--");
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const extraArgs = separator === -1 ? [] : argv.slice(separator + 1);
  let only = TIERS.map((t) => t.name);
  for (let i = 0; i < own.length; i++) {
    const arg = own[i];
    const value = arg.startsWith("--only=") ? arg.slice("--only=".length) : arg === "--only" ? own[++i] : undefined;
    if (value === undefined) usage(`unknown argument ${arg}`);
    const names = value.split(",").map((s) => s.trim()).filter(Boolean).flatMap((n) => ALIASES[n] ?? [n]);
    const unknown = names.filter((n) => !TIERS.some((t) => t.name === n));
    if (unknown.length > 0 || names.length === 0) usage(`unknown tier ${unknown.join(", ") || "(none)"}`);
    only = names;
  }
  return { only, extraArgs };
}

function usage(problem) {
  process.stderr.write(
    `test-all: ${problem}\nusage: node scripts/test-all.mjs [--only ${TIERS.map((t) => t.name).join(",")}|integration] [-- runner args]\n`,
  );
  process.exit(2);
}

async function runVitest(ctx, project, env) {
  const report = path.join(ctx.reportDir, `vitest-${project}-${Date.now()}.json`);
  const args = ["vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
  const { code, timedOut } = await runChild(ctx, "npx", [...args, ...ctx.extraArgs], { NODE_ENV: undefined, ...env });
  return countVitest(report, code, timedOut);
}

/** Counts from vitest's JSON report (jest-compatible shape). */
function countVitest(report, code, timedOut) {
  const data = readJson(report);
  if (!data) return { passed: 0, failed: 1, note: timedOut ? "timed out" : `no report (exit ${code})` };
  const passed = data.numPassedTests ?? 0;
  let failed = data.numFailedTests ?? 0;
  const skipped = (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
  // A file that fails to load has no failed test in it, only a failed suite.
  const brokenFiles = (data.testResults ?? []).filter(
    (file) => file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed"),
  ).length;
  failed += brokenFiles;
  let note = brokenFiles ? `${brokenFiles} file(s) failed to run` : undefined;
  if (passed + failed === 0) return { passed: 0, failed: 1, skipped, note: "no test ran" };
  if (failed === 0 && (code !== 0 || timedOut)) {
    failed = 1;
    note = timedOut ? "timed out" : `runner exited with ${code} (unhandled errors?)`;
  }
  return { passed, failed, skipped, note };
}

/** Counts from Playwright's JSON report. */
function countPlaywright(report, code) {
  const data = readJson(report);
  if (!data?.stats) return { passed: 0, failed: 1, note: `no report (exit ${code})` };
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = data.stats;
  const passed = expected + flaky;
  let failed = unexpected;
  let note = flaky ? `${flaky} flaky` : undefined;
  const errors = data.errors?.length ?? 0;
  if (passed + failed === 0) return { passed: 0, failed: 1, skipped, note: errors ? "global error, no test ran" : "no test ran" };
  if (failed === 0 && (code !== 0 || errors > 0)) {
    failed = 1;
    note = errors ? `${errors} error(s) outside tests` : `runner exited with ${code}`;
  }
  return { passed, failed, skipped, note };
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Runs a command in its own process group with output streamed through, and kills the whole group
 * (the runner and whatever it started) if the tier's deadline passes.
 */
function runChild(ctx, command, args, envChanges) {
  const env = { ...process.env, NO_COLOR: "1", NEXT_TELEMETRY_DISABLED: "1" };
  delete env.FORCE_COLOR;
  for (const [key, value] of Object.entries(envChanges)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  log(`$ ${command} ${args.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"], detached: true });
    ctx.children.add(child);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      log(`${command} ${args[0]} passed the tier's time limit; stopping it`);
      killGroup(child, "SIGTERM");
      setTimeout(() => killGroup(child, "SIGKILL"), 10_000).unref();
    }, Math.max(1000, ctx.deadline - Date.now()));
    const finish = (code) => {
      clearTimeout(timer);
      ctx.children.delete(child);
      // Leave nothing of the tier running (a server a runner forgot, a browser).
      killGroup(child, "SIGKILL");
      resolve({ code, timedOut });
    };
    child.on("error", (error) => {
      log(`could not run ${command}: ${error.message}`);
      finish(127);
    });
    child.on("exit", (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

function log(message) {
  process.stdout.write(`[test-all] ${message}\n`);
}

await main();
