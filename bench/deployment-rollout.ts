// A deployment targeting a whole fleet: how long until every targeted device has its desired
// properties written and the deployment's metrics are computed (issue #6: under 10 s for 100,000
// devices), beside a baseline that writes each device's desired properties one by one through the
// data layer (`updateTwin()`, as a per-device loop would), in the same run on the same store.
//
//   node scripts/test-postgres.mjs -- node --import tsx bench/deployment-rollout.ts [--devices 100000] [--baseline-devices 2000]
//
// The baseline runs over `--baseline-devices` devices (a full 100,000-device loop takes many
// minutes); its rate and the time it would need for the whole fleet are printed beside it.
import { parseArgs } from "node:util";
import { bulkSeed } from "@/db/bulk-seed";
import { putDeployment } from "@/lib/data/put-deployment";
import { reconcileDeployments } from "@/lib/data/reconcile-deployments";
import { closeStore, getStore } from "@/lib/data/store";
import { updateTwin } from "@/lib/data/update-twin";
import { env } from "@/lib/env";
import { DEFAULT_AGENT_DESIRED, DEFAULT_HUB_DESIRED } from "@/lib/simulator/default-deployment";
import { machineInfo } from "./lib/machine";

const { values } = parseArgs({
  options: { devices: { type: "string", default: "100000" }, "baseline-devices": { type: "string", default: "2000" }, modules: { type: "string", default: "3" } },
});
const devices = Number(values.devices);
const baselineDevices = Math.min(Number(values["baseline-devices"]), devices);
const log = (line: string) => console.log(line);
if (!env.DATABASE_URL) log("note: DATABASE_URL is unset, so this runs on PGlite");

const store = await getStore();
const [{ server_version: version }] = await store.query<{ server_version: string }>("show server_version", []);
const { wrk: _wrk, ...machine } = machineInfo(`PostgreSQL ${version}`);
log(`machine: ${JSON.stringify(machine)}`);
log(`store: ${store.kind}; seeding ${devices} edge devices with ${values.modules} module twins each…`);
let t = Date.now();
await bulkSeed(store, { devices, modulesPerDevice: Number(values.modules), prefix: "dr" });
// A fleet at rest, as autovacuum leaves it a minute after a bulk load: hint bits and the visibility
// map set, statistics current. Without this the timed pass pays for the load's hint bits, and
// autovacuum starts on `modules` in the middle of it.
await store.query("vacuum analyze", []);
log(`seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);

/** The server's write-ahead log position; null where there is none to read (PGlite). */
async function walPosition(): Promise<string | null> {
  if (store.kind !== "postgres") return null;
  const [row] = await store.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn", []);
  return row?.lsn ?? null;
}

// The simulator's default deployment (runtime + SimulatedTemperatureSensor, one route upstream).
const content = { $edgeAgent: { "properties.desired": DEFAULT_AGENT_DESIRED }, $edgeHub: { "properties.desired": DEFAULT_HUB_DESIRED } };
const context = { actor: "bench", now: new Date() };

// Baseline first, on the first devices: each device's $edgeAgent and $edgeHub desired replaced one
// by one, as a loop over devices through the data layer would.
const agentDesired = content.$edgeAgent!["properties.desired"] as Record<string, unknown>;
const hubDesired = content.$edgeHub!["properties.desired"] as Record<string, unknown>;
t = Date.now();
for (let i = 1; i <= baselineDevices; i++) {
  const deviceId = `dr-${String(i).padStart(7, "0")}`;
  await updateTwin({ deviceId, moduleId: "$edgeAgent" }, { properties: { desired: agentDesired } }, "replace", null, context);
  await updateTwin({ deviceId, moduleId: "$edgeHub" }, { properties: { desired: hubDesired } }, "replace", null, context);
}
const baselineSeconds = (Date.now() - t) / 1000;
const baselineRate = baselineDevices / baselineSeconds;

await putDeployment("bench-rollout", { content: { modulesContent: content }, targetCondition: "*", priority: 10, metrics: { queries: {} } } as never, null, context);
const walBefore = await walPosition();
t = Date.now();
const summary = await reconcileDeployments(new Date());
const reconcileSeconds = (Date.now() - t) / 1000;
const walBytes = walBefore === null ? null : await store.query<{ bytes: string }>("select pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn) as bytes", [walBefore]);
const sizes = await store.query<{ relname: string; bytes: string }>(
  "select relname, pg_total_relation_size(oid) as bytes from pg_class where relname in ('modules', 'twin_revisions', 'twin_documents', 'changes', 'deployment_assignments') order by relname",
  [],
);
const [metrics] = await store.query<{ system_metric_results: Record<string, number> }>("select system_metric_results from deployments where id = 'bench-rollout'", []);
t = Date.now();
const again = await reconcileDeployments(new Date());
const idleSeconds = (Date.now() - t) / 1000;

// What the reconciler worker runs after a tag write: a pass over that one device (it moves to a
// second deployment, which is written), beside the fleet pass it would otherwise take.
await putDeployment("bench-ring", { content: { modulesContent: content }, targetCondition: "tags.ring = 'canary'", priority: 20, metrics: { queries: {} } } as never, null, context);
await reconcileDeployments(new Date());
const oneDevice = "dr-0000001";
// A running worker has these statements prepared: one scoped pass on another device first.
await updateTwin({ deviceId: "dr-0000002" }, { tags: { ring: "canary" } }, "patch", null, context);
await reconcileDeployments(new Date(), undefined, { deviceIds: ["dr-0000002"] });
await updateTwin({ deviceId: oneDevice }, { tags: { ring: "canary" } }, "patch", null, context);
t = Date.now();
const scoped = await reconcileDeployments(new Date(), undefined, { deviceIds: [oneDevice] });
const scopedMs = Date.now() - t;

log("");
log(`| Shape | Devices | Time | Devices/s |`);
log(`|---|---|---|---|`);
log(`| reconciler: deployment to all, desired written + metrics | ${summary.targetedDevices} | ${reconcileSeconds.toFixed(2)} s | ${Math.round(summary.targetedDevices / reconcileSeconds)} |`);
log(`| baseline: updateTwin() per device ($edgeAgent + $edgeHub), sequential | ${baselineDevices} | ${baselineSeconds.toFixed(2)} s | ${Math.round(baselineRate)} |`);
log(`| baseline projected to the whole fleet | ${devices} | ${(devices / baselineRate).toFixed(0)} s | ${Math.round(baselineRate)} |`);
log(`| reconciler pass over the unchanged fleet (idempotent) | ${again.targetedDevices} | ${idleSeconds.toFixed(2)} s | — |`);
log(`| reconciler pass scoped to one device whose tags changed (as the worker runs it) | ${scoped.targetedDevices} | ${scopedMs} ms | — |`);
log("");
const mb = (bytes: string | number) => `${(Number(bytes) / 1e6).toFixed(0)} MB`;
log(`write-ahead log written by the first pass: ${walBytes ? mb(walBytes[0]!.bytes) : "n/a (PGlite)"}; table sizes after it: ${sizes.map((r) => `${r.relname} ${mb(r.bytes)}`).join(", ")}`);
log(`twins written: ${summary.twinsWritten} (second pass: ${again.twinsWritten}); groups: ${summary.groups}; metrics: ${JSON.stringify(metrics?.system_metric_results)}`);
for (const p of summary.problems) log(`problem: ${p.deployments.join("+")} / ${p.moduleId}: ${p.message}`);
log(`reconciler phases (ms): ${JSON.stringify(summary.timings)}; idle pass: ${JSON.stringify(again.timings)}; one-device pass: ${JSON.stringify(scoped.timings)}`);
await closeStore();
