// `npm run seed -- --devices 100000 --modules-per-device 5 [--prefix bulk]`: bulk-load a large fleet
// into the configured store (DATABASE_URL, or PGlite in DATA_DIR; stop the server first for PGlite).
import { parseArgs } from "node:util";
import { bulkSeed } from "@/db/bulk-seed";
import { getStore } from "@/lib/data/store";
import { runWithStore } from "./run-with-store";

async function main() {
  const { values } = parseArgs({
    options: {
      devices: { type: "string", default: "1000" },
      "modules-per-device": { type: "string", default: "5" },
      prefix: { type: "string", default: "bulk" },
    },
  });
  const devices = Number(values.devices);
  const modulesPerDevice = Number(values["modules-per-device"]);
  if (!Number.isInteger(devices) || devices < 1 || devices > 1_000_000) throw new Error("--devices must be 1..1000000");
  if (!Number.isInteger(modulesPerDevice) || modulesPerDevice < 0 || modulesPerDevice > 50) {
    throw new Error("--modules-per-device must be 0..50");
  }
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(values.prefix!)) throw new Error("--prefix must be a short id-safe word");
  const store = await getStore();
  const started = performance.now();
  await bulkSeed(store, { devices, modulesPerDevice, prefix: values.prefix! }, (done) =>
    process.stdout.write(`\r[seed] ${done}/${devices} devices`),
  );
  await store.query("analyze devices", []);
  await store.query("analyze modules", []);
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n[seed] ${devices} devices, ${devices * modulesPerDevice} modules in ${seconds.toFixed(1)} s (${store.kind})`);
}

runWithStore(main, "[seed] ");
