// The twin write paths without HTTP or MQTT: `updateTwin()` and `updateReportedProperties()` from lib/data against a raw compare-and-set on the
// same rows, 16 concurrent writers each, on the store in DATABASE_URL. Run on a throwaway cluster:
//
//   node scripts/test-postgres.mjs -- node --import tsx bench/write-path.ts [--devices 20000] [--seconds 8]
//
// Prints writes/s for each shape; where the HTTP layer's cost starts (compare with `npm run bench`).
import { parseArgs } from "node:util";
import { connectSql } from "./lib/sql-client";
import { bulkSeed } from "@/db/bulk-seed";
import { closeStore, getStore } from "@/lib/data/store";
import { updateReportedProperties } from "@/lib/data/update-reported-properties";
import { updateTwin } from "@/lib/data/update-twin";
import { env } from "@/lib/env";

const { values } = parseArgs({ options: { devices: { type: "string", default: "20000" }, seconds: { type: "string", default: "8" } } });
const devices = Number(values.devices);
const durationMs = Number(values.seconds) * 1000;
const WORKERS = 16;
if (!env.DATABASE_URL) throw new Error("Set DATABASE_URL (see the command at the top of this file)");

const deviceId = (worker: number, i: number) => `wp-${String(1 + ((worker * 997 + i) % devices)).padStart(7, "0")}`;

async function measure(name: string, write: (id: string, n: number) => Promise<unknown>) {
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      for (let i = 0; Date.now() - started < durationMs; i++) {
        await write(deviceId(worker, i), i);
        done++;
      }
    }),
  );
  console.log(`${name.padEnd(52)} ${Math.round(done / (durationMs / 1000))} writes/s`);
}

const store = await getStore();
await bulkSeed(store, { devices, modulesPerDevice: 0, prefix: "wp" });
await store.query("vacuum analyze devices", []);
const raw = connectSql(env.DATABASE_URL, { max: env.DATABASE_POOL_SIZE });

await measure("updateTwin() (If-Match *, tags patch), no HTTP", (id, n) =>
  updateTwin({ deviceId: id }, { tags: { n } }, "patch", "*", { actor: "bench", now: new Date() }),
);
await measure("updateReportedProperties() (a device's report), no MQTT", (id, n) =>
  updateReportedProperties({ deviceId: id }, { n }, { actor: "bench", now: new Date() }),
);
await measure("raw compare-and-set UPDATE, prepared", (id, n) =>
  raw`update devices set tags = tags || ${JSON.stringify({ n })}::jsonb, twin_version = twin_version + 1 where device_id = ${id}`,
);
await raw.end();
await closeStore();
