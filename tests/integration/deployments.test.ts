import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDesiredNotification } from "@/lib/data/get-desired-notification";
import { reconcileDeployments } from "@/lib/data/reconcile-deployments";
import { ADVISORY_LOCKS } from "@/lib/data/advisory-locks";
import { refreshDeploymentMetrics } from "@/lib/data/refresh-deployment-metrics";
import { getStore, rowsOf } from "@/lib/data/store";
import { updateReportedProperties } from "@/lib/data/update-reported-properties";
import { callApi, createDevice, createEdgeDevice, devicePath, getTwin, isPostgres, setupPolicies, sqlRows, suffix, twinPath } from "./support/api";
import { baseManifest, configurationPath, createDeployment, newDeploymentId } from "./support/deployments";

beforeAll(async () => {
  await setupPolicies();
});

const agentDesired = (content: ReturnType<typeof baseManifest>) => content.$edgeAgent!["properties.desired"] as Record<string, unknown>;
/** Edge devices tagged with a value no other test uses, so conditions only match these. */
async function taggedEdgeDevices(count: number, tags: Record<string, unknown>) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await createEdgeDevice({ body: {} })).deviceId);
  for (const id of ids) {
    const res = await callApi("PATCH", twinPath(id), { body: { tags }, headers: { "if-match": "*" } });
    expect(res.status, res.text).toBe(200);
  }
  return ids;
}
const now = () => new Date();

describe("deployment CRUD (IoT Hub configurations)", () => {
  it("creates, reads, lists, updates the mutable fields with If-Match, refuses content changes, deletes", async () => {
    const id = newDeploymentId();
    const body = { content: { modulesContent: baseManifest() }, targetCondition: `tags.site = 'nowhere-${suffix()}'`, priority: 5, labels: { team: "ops" } };
    const created = await callApi("PUT", configurationPath(id), { body });
    expect(created.status, created.text).toBe(200);
    expect(created.json).toMatchObject({ id, priority: 5, labels: { team: "ops" }, etag: "MQ==", layered: false });
    expect(created.json.systemMetrics.queries.targetedCount).toContain("capabilities.iotEdge = true");
    expect(created.json.content.modulesContent.$edgeHub["properties.desired"].storeAndForwardConfiguration.timeToLiveSecs).toBe(7200);

    const read = await callApi("GET", configurationPath(id));
    expect(read.json).toEqual(created.json);
    const list = await callApi("GET", "/api/configurations");
    expect(list.json.map((c: { id: string }) => c.id)).toContain(id);

    const again = await callApi("PUT", configurationPath(id), { body });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("ConfigurationAlreadyExists");

    const updated = await callApi("PUT", configurationPath(id), { body: { ...body, priority: 7 }, headers: { "if-match": created.json.etag } });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json).toMatchObject({ priority: 7, etag: "Mg==" });
    expect(updated.json.createdTimeUtc).toBe(created.json.createdTimeUtc);

    const stale = await callApi("PUT", configurationPath(id), { body: { ...body, priority: 9 }, headers: { "if-match": created.json.etag } });
    expect(stale.status).toBe(412);
    const contentChange = await callApi("PUT", configurationPath(id), {
      body: { ...body, content: { modulesContent: baseManifest({ other: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" }) } },
      headers: { "if-match": "*" },
    });
    expect(contentChange.status).toBe(400);
    expect(contentChange.json.error.details.path).toBe("content");
    expect((await callApi("GET", configurationPath(id))).json.priority).toBe(7);

    expect((await callApi("DELETE", configurationPath(id))).status).toBe(204);
    const gone = await callApi("GET", configurationPath(id));
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe("ConfigurationNotFound");
  });

  it.each([
    ["an upper-case id", "Bad-Id", {}, "id"],
    ["an id with a space", "bad id", {}, "id"],
    ["an empty target condition", null, { targetCondition: "" }, "targetCondition"],
    ["a target condition that does not parse", null, { targetCondition: "tags.env = = 'x'" }, "targetCondition"],
    ["six custom metrics", null, { metrics: { queries: Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`m${i}`, "SELECT deviceId FROM devices"])) } }, "metrics.queries"],
    ["a metric query that does not parse", null, { metrics: { queries: { broken: "SELECT FROM" } } }, "metrics.queries.broken"],
  ])("refuses %s with a 400 naming the field, and stores nothing", async (_name, badId, override, field) => {
    const id = badId ?? newDeploymentId();
    const res = await callApi("PUT", configurationPath(id), {
      body: { content: { modulesContent: baseManifest() }, targetCondition: "*", priority: 1, ...override },
    });
    expect(res.status, res.text).toBe(400);
    expect(String(res.json.error.details?.path ?? "")).toContain(field);
    expect(await sqlRows("select id from deployments where id = $1", [id])).toEqual([]);
  });

  it("refuses a manifest that breaks the schema, listing every problem with its path", async () => {
    const content = baseManifest();
    const desired = agentDesired(content);
    (desired.systemModules as Record<string, Record<string, unknown>>).edgeHub!.restartPolicy = "never";
    (desired.modules as Record<string, Record<string, unknown>>).sensor!.status = "paused";
    const id = newDeploymentId();
    const res = await callApi("PUT", configurationPath(id), { body: { content: { modulesContent: content }, targetCondition: "*" } });
    expect(res.status, res.text).toBe(400);
    const paths = res.json.error.details.problems.map((p: { path: string }) => p.path).join(" ");
    expect(paths).toContain("edgeHub");
    expect(paths).toContain("sensor");
    expect(await sqlRows("select id from deployments where id = $1", [id])).toEqual([]);
  });

  it("validates a manifest without storing it: defaults, chunked createOptions and lint warnings", async () => {
    const content = baseManifest({ filter: "registry.example.com/filter:1.0" });
    delete (content.$edgeHub!["properties.desired"] as Record<string, unknown>).storeAndForwardConfiguration;
    const longOptions = JSON.stringify({ Env: Array.from({ length: 60 }, (_, i) => `VARIABLE_${i}=${"x".repeat(10)}`) });
    ((agentDesired(content).modules as Record<string, Record<string, Record<string, string>>>).filter!.settings!).createOptions = longOptions;
    const res = await callApi("POST", "/api/configurations/validate", { body: { content: { modulesContent: content } } });
    expect(res.status, res.text).toBe(200);
    const settings = res.json.modulesContent.$edgeAgent["properties.desired"].modules.filter.settings;
    expect(settings.createOptions.length).toBe(512);
    expect(Object.keys(settings).filter((k) => k.startsWith("createOptions")).sort()).toEqual(
      ["createOptions", ...Array.from({ length: Math.ceil(longOptions.length / 512) - 1 }, (_, i) => `createOptions${String(i + 1).padStart(2, "0")}`)].sort(),
    );
    expect(res.json.modulesContent.$edgeHub["properties.desired"].storeAndForwardConfiguration.timeToLiveSecs).toBe(7200);
    // A private registry without credentials is a warning, not an error.
    expect(res.json.problems.some((p: { severity: string; message: string }) => p.severity === "warning" && /registry\.example\.com/.test(p.message))).toBe(true);
    expect(res.json.problems.filter((p: { severity: string }) => p.severity === "error")).toEqual([]);
  });
});

describe("the reconciler", () => {
  it("stores a deployment's document once for all the revisions it writes; history, revert and the device's notification read it", async () => {
    const site = `docs-${suffix()}`;
    const [a, b] = await taggedEdgeDevices(2, { site });
    const first = baseManifest({ sensor: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" });
    const second = baseManifest({ other: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.4" });
    await createDeployment({ content: { modulesContent: first }, targetCondition: `tags.site = '${site}'`, priority: 10 });
    await reconcileDeployments(now());
    await createDeployment({ content: { modulesContent: second }, targetCondition: `tags.site = '${site}'`, priority: 20 });
    await reconcileDeployments(now());
    const documents = async () => Number((await sqlRows<{ n: string }>("select count(*) as n from twin_documents"))[0]!.n);
    const stored = await documents();
    await reconcileDeployments(now());
    expect(await documents(), "a pass that writes nothing stores no document").toBe(stored);

    const rows = await sqlRows<{ device_id: string; version: number; patch: unknown; snapshot: unknown; document_id: string | null }>(
      "select device_id, version, patch, snapshot, document_id from twin_revisions where device_id = any($1) and module_id = '$edgeAgent' and section = 'desired' order by version, device_id",
      [[a, b]],
    );
    const [x, y] = [a!, b!].sort();
    expect(rows.map((r) => [r.device_id, r.version, r.patch, r.snapshot])).toEqual([[x, 2, null, null], [y, 2, null, null], [x, 3, null, null], [y, 3, null, null]]);
    expect(rows[0]!.document_id).not.toBeNull();
    expect(rows[0]!.document_id, "one document for both devices' rows of one write").toBe(rows[1]!.document_id);
    expect(rows[2]!.document_id).not.toBe(rows[0]!.document_id);

    const history = await callApi("GET", `${twinPath(a!, "$edgeAgent")}/revisions`);
    expect(history.status, history.text).toBe(200);
    type Section = { snapshot: { modules: Record<string, unknown> }; previous: { modules: Record<string, unknown> }; patch: unknown };
    const [latest, earlier] = history.json.items as { version: number; sections: Section[] }[];
    expect(Object.keys(latest!.sections[0]!.snapshot.modules)).toEqual(["other"]);
    expect(latest!.sections[0]!.patch).toEqual(latest!.sections[0]!.snapshot);
    expect(Object.keys(latest!.sections[0]!.previous.modules)).toEqual(["sensor"]);

    // What the device is told for version 3: the new document, and null for the module it lost.
    const notification = await getDesiredNotification({ deviceId: a!, moduleId: "$edgeAgent" }, 3);
    expect(notification).toMatchObject({ $version: 3, modules: { sensor: null, other: { settings: { image: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.4" } } } });

    const reverted = await callApi("POST", `${twinPath(a!, "$edgeAgent")}/revisions/${earlier!.version}/revert`, { headers: { "if-match": "*" } });
    expect(reverted.status, reverted.text).toBe(200);
    expect(Object.keys((await getTwin(a!, "$edgeAgent")).properties.desired.modules)).toEqual(["sensor"]);
  });

  it("applies a base deployment to exactly the matching edge devices, as a desired replace with history and feed rows, once", async () => {
    const site = `plant-${suffix()}`;
    const [a, b] = await taggedEdgeDevices(2, { site });
    const [other] = await taggedEdgeDevices(1, { site: `${site}-x` });
    const { deviceId: plain } = await createDevice(); // not an edge device: never targeted
    await callApi("PATCH", twinPath(plain), { body: { tags: { site } }, headers: { "if-match": "*" } });
    const content = baseManifest({ sensor: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" }, { sensor: { interval: 5 } });
    const { id } = await createDeployment({ content: { modulesContent: content }, targetCondition: `tags.site = '${site}'`, priority: 10 });

    await reconcileDeployments(now());
    for (const deviceId of [a!, b!]) {
      const agent = await getTwin(deviceId, "$edgeAgent");
      expect(agent.configurations).toEqual({ [id]: { status: "Applied" } });
      expect(agent.properties.desired.modules.sensor.settings.image).toBe("mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5");
      expect(agent.properties.desired.$version).toBe(2);
      expect(agent.properties.desired.$metadata.$lastUpdatedVersion).toBe(2);
      const hub = await getTwin(deviceId, "$edgeHub");
      expect(hub.properties.desired.routes).toEqual({ upstream: "FROM /messages/* INTO $upstream" });
      const revisions = await sqlRows<{ operation: string; actor: string }>(
        "select operation, actor from twin_revisions where device_id = $1 and module_id = '$edgeAgent' and section = 'desired'",
        [deviceId],
      );
      expect(revisions).toEqual([{ operation: "replace", actor: "system:deployments" }]);
      const feed = await sqlRows<{ version: unknown }>("select kind, version from changes where device_id = $1 and module_id = '$edgeAgent' and kind = 'twin.desired'", [deviceId]);
      expect(feed.map((r: { version: unknown }) => Number(r.version))).toEqual([2]);
    }
    expect((await getTwin(other!, "$edgeAgent")).configurations).toEqual({});
    expect((await getTwin(other!, "$edgeAgent")).properties.desired.$version).toBe(1);

    // A second pass over an unchanged fleet writes nothing.
    await reconcileDeployments(now());
    expect((await getTwin(a!, "$edgeAgent")).properties.desired.$version).toBe(2);

    await refreshDeploymentMetrics();
    const config = (await callApi("GET", configurationPath(id))).json;
    expect(config.systemMetrics.results).toMatchObject({ targetedCount: 2, appliedCount: 2, reportedSuccessfulCount: 0, reportedFailedCount: 0 });
  });

  it("stacks layers above the base, leaves lower ones Targeted, and reports where each part came from", async () => {
    const site = `layer-${suffix()}`;
    const [deviceId] = await taggedEdgeDevices(1, { site });
    const base = await createDeployment({ content: { modulesContent: baseManifest() }, targetCondition: `tags.site = '${site}'`, priority: 10 });
    const layerContent = {
      $edgeAgent: {
        "properties.desired.modules.historian": {
          version: "1.0", type: "docker", status: "running", restartPolicy: "always",
          settings: { image: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5", createOptions: "{}" },
        },
      },
      $edgeHub: { "properties.desired.routes.toHistorian": 'FROM /messages/modules/sensor/* INTO BrokeredEndpoint("/modules/historian/inputs/raw")' },
    };
    const high = await createDeployment({ content: { modulesContent: layerContent }, targetCondition: `tags.site = '${site}'`, priority: 20 });
    const low = await createDeployment({ content: { modulesContent: layerContent }, targetCondition: `tags.site = '${site}'`, priority: 5 });
    expect(high.configuration.layered).toBe(true);

    await reconcileDeployments(now());
    const agent = await getTwin(deviceId!, "$edgeAgent");
    expect(agent.configurations).toEqual({ [base.id]: { status: "Applied" }, [high.id]: { status: "Applied" }, [low.id]: { status: "Targeted" } });
    expect(Object.keys(agent.properties.desired.modules).sort()).toEqual(["historian", "sensor"]);
    expect((await getTwin(deviceId!, "$edgeHub")).properties.desired.routes.toHistorian).toContain("historian");

    const effective = await callApi("GET", `${devicePath(deviceId!)}/effectiveConfiguration`);
    expect(effective.status).toBe(200);
    expect(effective.json.base).toBe(base.id);
    expect(effective.json.provenance["$edgeAgent/modules/historian"]).toBe(high.id);
    expect(effective.json.provenance["$edgeAgent/modules/sensor"]).toBe(base.id);
    expect(effective.json.deployments.find((d: { id: string }) => d.id === low.id)).toMatchObject({ status: "Targeted", reason: expect.stringContaining("not above") });
  });

  it("gives equal priorities to the newest, and falls back when a device stops matching", async () => {
    const site = `tie-${suffix()}`;
    const [deviceId] = await taggedEdgeDevices(1, { site, ring: "one" });
    const older = await createDeployment({ content: { modulesContent: baseManifest({ older: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" }) }, targetCondition: `tags.site = '${site}'`, priority: 3 });
    const newer = await createDeployment({ content: { modulesContent: baseManifest({ newer: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" }) }, targetCondition: `tags.site = '${site}' AND tags.ring = 'one'`, priority: 3 });
    await reconcileDeployments(now());
    let agent = await getTwin(deviceId!, "$edgeAgent");
    expect(agent.configurations).toEqual({ [older.id]: { status: "Targeted" }, [newer.id]: { status: "Applied" } });
    expect(Object.keys(agent.properties.desired.modules)).toEqual(["newer"]);

    await callApi("PATCH", twinPath(deviceId!), { body: { tags: { ring: "two" } }, headers: { "if-match": "*" } });
    await reconcileDeployments(now());
    agent = await getTwin(deviceId!, "$edgeAgent");
    expect(agent.configurations).toEqual({ [older.id]: { status: "Applied" } });
    expect(Object.keys(agent.properties.desired.modules)).toEqual(["older"]);

    // No deployment left: the modules stay as they are, only the assignment goes.
    await callApi("PATCH", twinPath(deviceId!), { body: { tags: { site: "elsewhere" } }, headers: { "if-match": "*" } });
    await reconcileDeployments(now());
    agent = await getTwin(deviceId!, "$edgeAgent");
    expect(agent.configurations).toEqual({});
    expect(Object.keys(agent.properties.desired.modules)).toEqual(["older"]);
  });

  it("a pass scoped to changed devices re-targets exactly those, and leaves every other device as the last pass did", async () => {
    const site = `scoped-${suffix()}`;
    const [moved, untouched, joined] = await taggedEdgeDevices(3, { site, ring: "a" });
    const ringA = await createDeployment({ content: { modulesContent: baseManifest({ ringA: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" }) }, targetCondition: `tags.site = '${site}' AND tags.ring = 'a'`, priority: 5 });
    const ringB = await createDeployment({ content: { modulesContent: baseManifest({ ringB: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" }) }, targetCondition: `tags.site = '${site}' AND tags.ring = 'b'`, priority: 5 });
    await callApi("PATCH", twinPath(joined!), { body: { tags: { ring: "none" } }, headers: { "if-match": "*" } });
    await reconcileDeployments(now());
    const assignmentsOf = async (deviceId: string) =>
      (await sqlRows<{ deployment_id: string; status: string }>(`select deployment_id, status from deployment_assignments where device_id = $1 order by deployment_id`, [deviceId]));
    expect(await assignmentsOf(moved!)).toEqual([{ deployment_id: ringA.id, status: "Applied" }]);
    expect(await assignmentsOf(joined!)).toEqual([]);

    // All three change; only two are named to the scoped pass.
    for (const [deviceId, ring] of [[moved, "b"], [untouched, "b"], [joined, "a"]] as const) {
      expect((await callApi("PATCH", twinPath(deviceId!), { body: { tags: { ring } }, headers: { "if-match": "*" } })).status).toBe(200);
    }
    const summary = await reconcileDeployments(now(), undefined, { deviceIds: [moved!, joined!] });
    // moved: $edgeAgent (its $edgeHub desired is the same in both deployments); joined: both.
    expect(summary).toMatchObject({ targetedDevices: 2, twinsWritten: 3, metricsChanged: 0 });
    expect(await assignmentsOf(moved!)).toEqual([{ deployment_id: ringB.id, status: "Applied" }]);
    expect(await assignmentsOf(joined!)).toEqual([{ deployment_id: ringA.id, status: "Applied" }]);
    expect(Object.keys((await getTwin(moved!, "$edgeAgent")).properties.desired.modules)).toEqual(["ringB"]);
    expect(Object.keys((await getTwin(joined!, "$edgeAgent")).properties.desired.modules)).toEqual(["ringA"]);
    // Out of scope: still as the fleet pass left it, until a pass covers it.
    expect(await assignmentsOf(untouched!)).toEqual([{ deployment_id: ringA.id, status: "Applied" }]);
    expect((await getTwin(untouched!, "$edgeAgent")).configurations).toEqual({ [ringA.id]: { status: "Applied" } });
    await reconcileDeployments(now(), undefined, { deviceIds: [untouched!] });
    expect(await assignmentsOf(untouched!)).toEqual([{ deployment_id: ringB.id, status: "Applied" }]);

    // A scoped pass for a device that no deployment targets any more clears its statuses only.
    await callApi("PATCH", twinPath(moved!), { body: { tags: { site: "elsewhere" } }, headers: { "if-match": "*" } });
    await reconcileDeployments(now(), undefined, { deviceIds: [moved!] });
    expect(await assignmentsOf(moved!)).toEqual([]);
    const agent = await getTwin(moved!, "$edgeAgent");
    expect(agent.configurations).toEqual({});
    expect(Object.keys(agent.properties.desired.modules)).toEqual(["ringB"]);
    expect(await assignmentsOf(joined!)).toEqual([{ deployment_id: ringA.id, status: "Applied" }]);
  });

  it("a deleted device takes its assignments along; a deleted deployment's statuses go on the next pass", async () => {
    const site = `deleted-${suffix()}`;
    const [gone, kept] = await taggedEdgeDevices(2, { site });
    const deployment = await createDeployment({ content: { modulesContent: baseManifest({ sensor: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" }) }, targetCondition: `tags.site = '${site}'`, priority: 4 });
    await reconcileDeployments(now());
    const assignmentsOf = (deviceId: string) => sqlRows<{ deployment_id: string }>(`select deployment_id from deployment_assignments where device_id = $1`, [deviceId]);
    expect(await assignmentsOf(gone!)).toEqual([{ deployment_id: deployment.id }]);

    // No foreign key any more: the trigger on devices does the cascade.
    expect((await callApi("DELETE", devicePath(gone!), { headers: { "if-match": "*" } })).status).toBe(204);
    expect(await assignmentsOf(gone!)).toEqual([]);

    // The deployment's assignments outlive it until a pass; readers no longer list it. Another
    // deployment exists meanwhile, so the pass is a normal one, not the sweep of an empty fleet.
    await createDeployment({ content: { modulesContent: baseManifest({ other: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" }) }, targetCondition: `tags.site = '${site}-none'`, priority: 4 });
    expect((await callApi("DELETE", configurationPath(deployment.id))).status).toBe(204);
    expect((await callApi("GET", `/api/devices/${kept}/delete-impact`)).json.deployments.items).toEqual([]);
    await reconcileDeployments(now());
    expect(await assignmentsOf(kept!)).toEqual([]);
    const agent = await getTwin(kept!, "$edgeAgent");
    expect(agent.configurations).toEqual({});
    expect(Object.keys(agent.properties.desired.modules)).toEqual(["sensor"]);
  });

  it.skipIf(!isPostgres())("metrics refreshes never overlap: one waits for another's transaction, so older counts are never stored last", async () => {
    const { db } = await getStore();
    let finished = false;
    await db.transaction(async (tx) => {
      // Stands for a refresh in progress on another node.
      await rowsOf(tx, sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.deploymentMetrics})`);
      const refresh = refreshDeploymentMetrics().then(() => (finished = true));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(finished, "a refresh ran while another held the metrics lock").toBe(false);
      void refresh;
    });
    await expect.poll(() => finished, { timeout: 10_000 }).toBe(true);
  });

  it.skipIf(!isPostgres())("writes desired properties while the assignments are still being written, and ends the pass only once they are in", async () => {
    const site = `overlap-${suffix()}`;
    const [device] = await taggedEdgeDevices(1, { site });
    const { id } = await createDeployment({ content: { modulesContent: baseManifest() }, targetCondition: `tags.site = '${site}'`, priority: 1 });
    const { db } = await getStore();
    let settled = false;
    let pass: Promise<unknown> = Promise.resolve();
    // SHARE mode lets the pass read `deployment_assignments` but holds its writes there until this commits.
    await db.transaction(async (tx) => {
      await rowsOf(tx, sql`lock table deployment_assignments in share mode`);
      pass = reconcileDeployments(now()).finally(() => (settled = true));
      await expect.poll(async () => (await getTwin(device!, "$edgeAgent")).configurations, { timeout: 20_000 }).toEqual({ [id]: { status: "Applied" } });
      expect(settled, "the pass ended before its assignments could be written").toBe(false);
    });
    await pass;
    expect(await sqlRows("select status from deployment_assignments where deployment_id = $1 and device_id = $2", [id, device])).toEqual([{ status: "Applied" }]);
  });

  it("counts reporting success and failure exactly as IoT Hub defines them, and custom metrics", async () => {
    const site = `metrics-${suffix()}`;
    const [ok, failing, silent] = await taggedEdgeDevices(3, { site });
    const { id } = await createDeployment({
      content: { modulesContent: baseManifest() },
      targetCondition: `tags.site = '${site}'`,
      priority: 1,
      metrics: { queries: { running: `SELECT deviceId FROM devices.modules WHERE moduleId = '$edgeAgent' AND properties.reported.site = '${site}'` } },
    });
    await reconcileDeployments(now());
    const context = { actor: "test", now: now() };
    await updateReportedProperties({ deviceId: ok!, moduleId: "$edgeAgent" }, { lastDesiredVersion: 2, lastDesiredStatus: { code: 200 }, site }, context);
    await updateReportedProperties({ deviceId: failing!, moduleId: "$edgeAgent" }, { lastDesiredVersion: 2, lastDesiredStatus: { code: 400, description: "bad" } }, context);
    await updateReportedProperties({ deviceId: silent!, moduleId: "$edgeAgent" }, { lastDesiredVersion: 1, lastDesiredStatus: { code: 200 } }, context);
    await refreshDeploymentMetrics();
    const config = (await callApi("GET", configurationPath(id))).json;
    expect(config.systemMetrics.results).toEqual({ targetedCount: 3, appliedCount: 3, reportedSuccessfulCount: 1, reportedFailedCount: 1 });
    expect(config.metrics.results).toEqual({ running: 1 });

    const failures = await callApi("GET", `${configurationPath(id)}/devices?status=failure`);
    expect(failures.json.items.map((i: { deviceId: string }) => i.deviceId)).toEqual([failing]);
    const all = await callApi("GET", `${configurationPath(id)}/devices`);
    expect(all.json.items).toHaveLength(3);
    const bad = await callApi("GET", `${configurationPath(id)}/devices?status=broken`);
    expect(bad.status).toBe(400);
    // Still rolling out (one of three applied devices reports success): the dashboard lists it.
    const stats = await callApi("GET", "/api/statistics/fleet");
    expect(stats.json.deployments.inProgress).toContainEqual({ id, priority: 1, targeted: 3, applied: 3, succeeded: 1, failed: 1 });
  });
});

describe("preview, target test and set-modules", () => {
  it("counts and samples the devices a condition targets, and points at a syntax error", async () => {
    const site = `target-${suffix()}`;
    const ids = await taggedEdgeDevices(2, { site });
    const res = await callApi("POST", "/api/configurations/testTargetCondition", { body: { targetCondition: `tags.site = '${site}'` } });
    expect(res.json).toEqual({ count: 2, sample: [...ids].sort() });
    const bad = await callApi("POST", "/api/configurations/testTargetCondition", { body: { targetCondition: "tags.site = " } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details).toMatchObject({ path: "targetCondition", position: expect.any(Number) });
  });

  it("previews per device what a draft would add, change and reset, writing nothing", async () => {
    const site = `preview-${suffix()}`;
    const [deviceId] = await taggedEdgeDevices(1, { site });
    await createDeployment({ content: { modulesContent: baseManifest() }, targetCondition: `tags.site = '${site}'`, priority: 1 });
    await reconcileDeployments(now());
    const draft = baseManifest({ sensor: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.4", extra: "mcr.microsoft.com/azureiotedge-api-proxy:1.1" });
    const before = await getTwin(deviceId!, "$edgeAgent");
    const res = await callApi("POST", "/api/configurations/preview", {
      body: { configuration: { id: newDeploymentId(), content: { modulesContent: draft }, targetCondition: `tags.site = '${site}'`, priority: 2 } },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.targetedCount).toBe(1);
    expect(res.json.impact.devices).toEqual([expect.objectContaining({ deviceId, added: ["extra"], changed: expect.arrayContaining(["sensor"]) })]);
    expect(res.json.impact.totals).toMatchObject({ devices: 1, added: 1 });
    expect(await getTwin(deviceId!, "$edgeAgent")).toEqual(before);
  });

  it("sets the modules of one edge device, refusing layered content and non-edge devices", async () => {
    const { deviceId } = await createEdgeDevice();
    const content = baseManifest({ solo: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" }, { ghost: { a: 1 } });
    const res = await callApi("POST", `${devicePath(deviceId)}/applyConfigurationContent`, { body: { modulesContent: content } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ applied: ["$edgeAgent", "$edgeHub"], skipped: ["ghost"] });
    expect(Object.keys((await getTwin(deviceId, "$edgeAgent")).properties.desired.modules)).toEqual(["solo"]);

    const layered = await callApi("POST", `${devicePath(deviceId)}/applyConfigurationContent`, {
      body: { modulesContent: { $edgeAgent: { "properties.desired.modules.x": { type: "docker" } } } },
    });
    expect(layered.status).toBe(400);
    const { deviceId: plain } = await createDevice();
    const notEdge = await callApi("POST", `${devicePath(plain)}/applyConfigurationContent`, { body: { modulesContent: content } });
    expect(notEdge.status).toBe(400);
  });
});
