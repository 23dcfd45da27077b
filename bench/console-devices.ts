// The Devices page in Chromium at fleet scale (issue "Console", performance): LCP of /devices and
// the filter round trip (Enter in the query bar → the filtered table on screen), on a 100,000-device
// fleet beside a 1,000-device fleet in the same run, plus the page's first-load JavaScript.
//
//   node --import tsx bench/console-devices.ts [--devices 100000] [--small 1000] [--runs 7]
//
// Each fleet gets its own throwaway PostgreSQL and production server (seeded with scripts/seed.ts);
// the browser is Debian's Chromium through playwright-core. Prints a table; stops what it started.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";
import { connectSql } from "./lib/sql-client";
import { newOwnerKey } from "./lib/auth";
import { machineInfo } from "./lib/machine";
import { startEdgeDeck } from "./lib/edgedeck-server";
import { ensureProductionBuild, gitRevision, seedFleet } from "./lib/setup";
import { summarise } from "./lib/stats";

const { values } = parseArgs({
  options: { devices: { type: "string", default: "100000" }, small: { type: "string", default: "1000" }, runs: { type: "string", default: "7" } },
});
const RUNS = Number(values.runs);
const ADMIN = { username: "bench-admin", password: "bench admin password, long enough" };
// i % 50 = 10 implies i % 10 = 0: 2% of the fleet (2,000 of 100,000; 20 of 1,000).
const FILTER = "tags.site = 'site-10' AND tags.environment = 'staging'";
/** The lowest device id matching FILTER (bulk-seed ids are `bulk-NNNNNNN`, i from 1). */
const FIRST_MATCH = "bulk-0000010";
const root = path.resolve(import.meta.dirname, "..");
const log = (line: string) => console.log(`[bench] ${line}`);

type Figures = { devices: number; lcp: number[]; filter: number[]; filterCount: number[]; firstLoadKb: number };

async function signIn(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** LCP of a fresh load of /devices (cold browser cache, warm server), read from the page itself. */
async function measureLcp(browser: Browser, baseUrl: string, storageState: string): Promise<{ lcp: number; scriptsKb: number }> {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/devices`);
  await page.getByTestId("device-row").first().waitFor();
  const result = await page.evaluate(
    () =>
      new Promise<{ lcp: number; scriptsKb: number }>((resolve) => {
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          const scripts = performance.getEntriesByType("resource").filter((e) => (e as PerformanceResourceTiming).initiatorType === "script");
          const bytes = scripts.reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0);
          resolve({ lcp: entries[entries.length - 1]!.startTime, scriptsKb: bytes / 1024 });
        }).observe({ type: "largest-contentful-paint", buffered: true });
      }),
  );
  await context.close();
  return result;
}

/**
 * Enter in the query bar until the filtered rows are on screen (the first matching device heads the
 * table), and until the exact match count is shown too; both timed inside the page.
 */
async function measureFilter(page: Page, baseUrl: string, expectedCount: number): Promise<{ rows: number; count: number }> {
  await page.goto(`${baseUrl}/devices`);
  await page.getByTestId("device-row").first().waitFor();
  const query = page.getByLabel(/^Query/);
  await query.fill(FILTER);
  const expected = `${expectedCount.toLocaleString("en-US")} matching`;
  // A string, not a function: tsx (esbuild keepNames) would wrap named helpers in `__name`, which
  // does not exist in the page.
  const script = `new Promise((resolve) => {
    const firstId = ${JSON.stringify(FIRST_MATCH)}, text = ${JSON.stringify(expected)};
    const started = performance.now();
    let rows = 0;
    const check = () => {
      const first = document.querySelector('[data-testid="device-row"] td')?.textContent ?? "";
      const count = (document.querySelector('[data-testid="match-count"]')?.textContent ?? "").replace(/\\u202f|\\u00a0/g, ",");
      if (!rows && first.includes(firstId)) rows = performance.now() - started;
      if (rows && count.includes(text)) return resolve({ rows, count: performance.now() - started });
      requestAnimationFrame(check);
    };
    const textarea = [...document.querySelectorAll("textarea")].find((t) => t.value.includes("site-10"));
    textarea.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    requestAnimationFrame(check);
  })`;
  const times = (await page.evaluate(script)) as { rows: number; count: number };
  return times;
}

/** Gzipped size of the scripts the production build lists for /devices (what its first load fetches). */
function firstLoadJsKb(): number {
  const manifestFile = path.join(root, ".next", "server", "app", "(portal)", "devices", "page_client-reference-manifest.js");
  const text = fs.readFileSync(manifestFile, "utf8");
  const chunks = new Set([...text.matchAll(/"(static\/chunks\/[^"]+\.js)"/g)].map((m) => m[1]!));
  const buildManifest = JSON.parse(fs.readFileSync(path.join(root, ".next", "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  for (const file of buildManifest.rootMainFiles ?? []) chunks.add(file);
  let total = 0;
  for (const chunk of chunks) {
    const file = path.join(root, ".next", chunk);
    if (fs.existsSync(file)) total += zlibSize(fs.readFileSync(file));
  }
  return total / 1024;
}

const zlibSize = (buffer: Buffer) => gzipSync(buffer, { level: 9 }).length;

async function measureFleet(browser: Browser, devices: number): Promise<Figures> {
  const { startTestPostgres } = (await import(new URL("../scripts/test-postgres.mjs", import.meta.url).href)) as {
    startTestPostgres(): Promise<{ url: string; stop(): Promise<void> }>;
  };
  const pg = await startTestPostgres();
  const sql = connectSql(pg.url, { max: 1 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-bench-console-"));
  const ownerKey = newOwnerKey();
  let server: Awaited<ReturnType<typeof startEdgeDeck>> | null = null;
  try {
    await seedFleet(root, pg.url, { devices, modulesPerDevice: 5, prefix: "bulk" }, sql, log);
    server = await startEdgeDeck({ databaseUrl: pg.url, ownerKey, dataDir, logFile: path.join(dataDir, "server.log") });
    const baseUrl = server.url;
    const setup = await fetch(`${baseUrl}/api/auth/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify(ADMIN),
    });
    if (!setup.ok) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, baseUrl);
    const storageState = path.join(dataDir, "state.json");
    await context.storageState({ path: storageState });
    const expected = Math.floor(devices / 50);
    await measureFilter(page, baseUrl, expected); // warm: server plans, page code cached
    const lcp: number[] = [];
    const filter: number[] = [];
    const filterCount: number[] = [];
    let scriptsKb = 0;
    for (let run = 0; run < RUNS; run++) {
      const measured = await measureLcp(browser, baseUrl, storageState);
      lcp.push(measured.lcp);
      scriptsKb = measured.scriptsKb;
      const times = await measureFilter(page, baseUrl, expected);
      filter.push(times.rows);
      filterCount.push(times.count);
    }
    await context.close();
    log(`${devices} devices: LCP p50 ${summarise(lcp).p50.toFixed(0)} ms, filter p50 ${summarise(filter).p50.toFixed(0)} ms (scripts transferred ${scriptsKb.toFixed(0)} KB)`);
    return { devices, lcp, filter, filterCount, firstLoadKb: firstLoadJsKb() };
  } finally {
    await server?.stop();
    await sql.end();
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  process.chdir(root);
  ensureProductionBuild(root, log);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const small = await measureFleet(browser, Number(values.small));
    const large = await measureFleet(browser, Number(values.devices));
    const info = machineInfo("15");
    const rev = gitRevision(root);
    console.log(`\nDevices page in Chromium, ${RUNS} runs each; commit ${rev.commit}${rev.dirty ? " (dirty)" : ""}; ${info.cpuModel}, ${info.nproc} cores, load ${info.loadAverage.map((l) => l.toFixed(2)).join(" ")}`);
    console.log("| fleet | LCP p50 | LCP max | filter → rows p50 | p90 | filter → rows + exact count p50 | first-load JS (gzip) |");
    console.log("|---|---|---|---|---|---|---|");
    for (const f of [small, large]) {
      const [lcp, filter, count] = [summarise(f.lcp), summarise(f.filter), summarise(f.filterCount)];
      console.log(
        `| ${f.devices.toLocaleString("en-US")} devices | ${lcp.p50.toFixed(0)} ms | ${lcp.max.toFixed(0)} ms | ${filter.p50.toFixed(0)} ms | ${filter.p90.toFixed(0)} ms | ${count.p50.toFixed(0)} ms | ${f.firstLoadKb.toFixed(0)} KB |`,
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
