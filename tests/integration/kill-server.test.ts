import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgres, policyKey, sasToken, setupPolicies, sqlRows, uniqueId } from "./support/api";

/**
 * Durability of acknowledged twin writes (PostgreSQL only): the real server (server.ts, Next dev) takes
 * a burst of concurrent PATCHes and is killed with SIGKILL mid-burst. Every write it acknowledged must
 * be in the database afterwards, with a revision row per desired version and no gap.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const BURST_CONCURRENCY = 8;
const KILL_AFTER_ACKS = 100;

let server: ChildProcess | null = null;
let dataDir: string | null = null;
let output = "";

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

function killServer() {
  if (server?.pid && server.exitCode === null && server.signalCode === null) {
    try {
      process.kill(-server.pid, "SIGKILL"); // the whole group: node, tsx and Next's workers
    } catch {
      /* already gone */
    }
  }
}

async function waitForHealth(base: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server!.exitCode !== null) throw new Error(`server exited with ${server!.exitCode}:\n${output.slice(-3000)}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${output.slice(-3000)}`);
}

describe.skipIf(!isPostgres())("kill -9 during a burst of twin writes", () => {
  let base = "";

  beforeAll(async () => {
    await setupPolicies();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-kill-"));
    server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "development",
        PORT: String(port),
        // Any free port: the default 8883 may be taken by another server on this machine.
        MQTT_PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: process.env.DATABASE_URL,
        DATA_DIR: dataDir,
        EDGEDECK_DEMO: "0",
        EDGEDECK_OWNER_KEY: await policyKey("iothubowner"),
        NEXT_TELEMETRY_DISABLED: "1",
      },
    });
    server.stdout!.on("data", (d) => (output += d));
    server.stderr!.on("data", (d) => (output += d));
    await waitForHealth(base, 150_000);
  }, 180_000);

  afterAll(() => {
    killServer();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps every acknowledged write, with gap-free revisions", async () => {
    const authorization = await sasToken({ ttlSeconds: 3600 });
    const headers = { authorization, "content-type": "application/json" };
    const deviceId = uniqueId("kill");
    const twinUrl = `${base}/api/twins/${encodeURIComponent(deviceId)}`;
    const created = await fetch(`${base}/api/devices/${encodeURIComponent(deviceId)}`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ deviceId }),
    });
    expect(created.status, await created.clone().text()).toBe(200);
    // Warm up: the first request to a route compiles it in dev mode.
    expect((await fetch(twinUrl, { headers })).status).toBe(200);

    const acked = new Map<number, number>(); // write index -> acknowledged desired $version
    let next = 0;
    let killed = false;
    let failuresAfterKill = 0;
    const worker = async () => {
      while (!killed) {
        const i = next++;
        try {
          const res = await fetch(twinUrl, {
            method: "PATCH",
            headers: { ...headers, "if-match": "*" },
            body: JSON.stringify({ properties: { desired: { [`n${i}`]: i } } }),
          });
          if (res.status !== 200) throw new Error(`PATCH ${i}: ${res.status} ${await res.text()}`);
          const twin = (await res.json()) as { properties: { desired: { $version: number } } };
          acked.set(i, twin.properties.desired.$version);
          if (acked.size >= KILL_AFTER_ACKS && !killed) {
            killed = true;
            killServer();
          }
        } catch (error) {
          if (!killed) throw error;
          failuresAfterKill++;
        }
      }
    };
    await Promise.all(Array.from({ length: BURST_CONCURRENCY }, worker));
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    const [row] = await sqlRows<{ desired: Record<string, number>; desired_version: number }>(
      "select desired, desired_version from devices where device_id = $1",
      [deviceId],
    );
    const revisions = await sqlRows<{ version: number; patch: Record<string, number> }>(
      "select version, patch from twin_revisions where device_id = $1 and module_id = '' and section = 'desired' order by version",
      [deviceId],
    );
    // Every acknowledged write is stored, at the version the server reported.
    const byVersion = new Map(revisions.map((r) => [r.version, r.patch]));
    for (const [i, version] of acked) {
      expect(row!.desired[`n${i}`], `acknowledged write n${i} lost`).toBe(i);
      expect(byVersion.get(version), `revision for acknowledged version ${version}`).toEqual({ [`n${i}`]: i });
    }
    // $version = 1 + number of revisions, and the revisions are exactly 2..N with no gap or repeat.
    expect(row!.desired_version).toBe(1 + revisions.length);
    expect(revisions.map((r) => r.version)).toEqual(Array.from({ length: revisions.length }, (_, k) => k + 2));
    // Writes that committed but were never acknowledged are complete too: key and revision together.
    const storedKeys = Object.keys(row!.desired).filter((k) => /^n\d+$/.test(k)).sort();
    const revisionKeys = revisions.flatMap((r) => Object.keys(r.patch)).sort();
    expect(storedKeys).toEqual(revisionKeys);
    console.log(`[kill-server] ${acked.size} acknowledged, ${revisions.length} committed, ${failuresAfterKill} cut off`);
  }, 120_000);
});
