import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests: Playwright starts the custom server (server.ts, production build, embedded
 * PGlite in a fresh temp DATA_DIR), then runs e2e/api (HTTP only) and e2e/ui (Debian's Chromium;
 * never `playwright install`). Needs `next build` first: `node scripts/test-all.mjs --only build,e2e`.
 *
 * This module is evaluated again in every worker process. Values that must be the same everywhere
 * (the owner key, the data folder) are put into process.env by the first evaluation, in the runner,
 * and the workers inherit them.
 */
const port = Number(process.env.E2E_PORT || 3417);
const origin = `http://127.0.0.1:${port}`;

// The iothubowner policy's primary key: the server takes it on first start, tests sign with it
// (e2e/fixtures.ts ownerAuthHeader).
process.env.EDGEDECK_OWNER_KEY ||= randomBytes(32).toString("base64");

if (!process.env.EDGEDECK_E2E_DATA_DIR) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-e2e-"));
  process.env.EDGEDECK_E2E_DATA_DIR = dataDir;
  // Only the runner gets here; it exits after the web server has been stopped.
  process.on("exit", () => fs.rmSync(dataDir, { recursive: true, force: true }));
}

const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL: origin,
    browserName: "chromium",
    launchOptions: chromiumLaunchOptions,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "api", testDir: "e2e/api" },
    // operator-access.spec.ts starts from an empty store (its first test runs the one-time setup and
    // creates the admin in e2e/fixtures.ts FIRST_ADMIN); the other UI specs sign in as that admin.
    {
      name: "ui-first-run",
      testDir: "e2e/ui",
      testMatch: /operator-access\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunchOptions },
    },
    {
      name: "ui",
      testDir: "e2e/ui",
      testIgnore: /operator-access\.spec\.ts/,
      dependencies: ["ui-first-run"],
      use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunchOptions },
    },
  ],
  webServer: {
    command: "node --import tsx server.ts",
    url: `${origin}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      // Any free port: the default 8883 may be taken by another server on this machine.
      MQTT_PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: process.env.EDGEDECK_E2E_DATA_DIR,
      // Empty means embedded PGlite, what a user gets by default.
      DATABASE_URL: "",
      EDGEDECK_DEMO: "0",
      // Small, so that the realtime spec can show a far-behind client being told to resync.
      REALTIME_MAX_CATCHUP: "50",
      // Small, so that status-trust.spec.ts can watch a report turn stale (default 300).
      STATUS_STALE_SECONDS: "20",
      EDGEDECK_OWNER_KEY: process.env.EDGEDECK_OWNER_KEY,
      NEXT_TELEMETRY_DISABLED: "1",
      // Playwright sets FORCE_COLOR=1 for the server; with CI's NO_COLOR=1 Node warns about both.
      FORCE_COLOR: "0",
      NO_COLOR: undefined as unknown as string,
    },
  },
});
