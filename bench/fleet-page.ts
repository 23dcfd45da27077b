// Fleet browser queries at scale: `node scripts/test-postgres.mjs -- node --import tsx bench/fleet-page.ts`
// seeds 100,000 devices (5 modules each) into the throwaway cluster, then times the Devices page's
// server queries (first page, a deep keyset page, sorts, filters, summary), the dashboard's fleet
// statistics and the palette's search. Prints one line each.
import { bulkSeed } from "@/db/bulk-seed";
import { listFleetPage } from "@/lib/data/list-fleet-page";
import { getFleetStatistics } from "@/lib/data/get-fleet-statistics";
import { searchIdentities } from "@/lib/data/search-identities";
import { summarizeFleet } from "@/lib/data/summarize-fleet";
import { closeStore, getStore } from "@/lib/data/store";
import type { FleetPageRequest } from "@/lib/domain/fleet/page";

const DEVICES = Number(process.env.FLEET_DEVICES ?? 100_000);

async function time(label: string, fn: () => Promise<unknown>, runs = 5) {
  await fn(); // warm: plans and caches
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} median ${ms[Math.floor(ms.length / 2)]!.toFixed(1).padStart(7)} ms  max ${ms[ms.length - 1]!.toFixed(1).padStart(7)} ms`);
}

const page = (r: Partial<FleetPageRequest>) => () =>
  listFleetPage({ filter: {}, sort: { key: "deviceId", dir: "asc" }, columns: [], pageSize: 50, ...r });

async function main() {
  const store = await getStore();
  const started = performance.now();
  await bulkSeed(store, { devices: DEVICES, modulesPerDevice: 5, prefix: "bulk" }, () => {});
  await store.query("analyze", []);
  console.log(`seeded ${DEVICES} devices in ${((performance.now() - started) / 1000).toFixed(0)} s (${store.kind})`);
  const deep = await listFleetPage({ filter: {}, sort: { key: "deviceId", dir: "asc" }, columns: [], pageSize: 500 });
  let cursor = deep.cursor;
  for (let i = 0; i < 100 && cursor; i++) cursor = (await listFleetPage({ filter: {}, sort: { key: "deviceId", dir: "asc" }, columns: [], pageSize: 500, cursor })).cursor;

  await time("first page, deviceId order", page({}));
  await time("page ~50,000 deep (keyset cursor)", page({ cursor }));
  await time("sort by status", page({ sort: { key: "status", dir: "asc" } }));
  await time("sort by lastActivityTime desc", page({ sort: { key: "lastActivityTime", dir: "desc" } }));
  await time("sort by tags.site (+ 2 twin columns)", page({ sort: { key: "tags.site", dir: "asc" }, columns: ["tags.site", "properties.reported.firmware"] }));
  await time("query tags.site = 'site-3'", page({ filter: { query: "tags.site = 'site-3'" } }));
  await time("quick filter connection = Connected", page({ filter: { connection: "Connected" } }));
  await time("quick filter edge runtime unhealthy", page({ filter: { health: "unhealthy" } }));
  await time("quick filter module failures", page({ filter: { moduleFailures: true } }));
  await time("summary (count + facets), whole fleet", () => summarizeFleet({}), 3);
  await time("summary, tags.site = 'site-3'", () => summarizeFleet({ query: "tags.site = 'site-3'" }), 3);
  // The dashboard's one query and the palette's search (docs/console.md).
  await time("dashboard: fleet statistics (GET /statistics/fleet)", () => getFleetStatistics(new Date()), 3);
  await time("palette: id prefix search 'bulk-00500', 8 of each", () => searchIdentities("bulk-00500", 8));
  await closeStore();
}

await main();
