import { describe, expect, it } from "vitest";
import { reconcileDeployments } from "@/lib/data/reconcile-deployments";
import { refreshDeploymentMetrics } from "@/lib/data/refresh-deployment-metrics";
import { agentDesired } from "@/lib/domain/edge-runtime/test-fixtures";
import type { JsonObject } from "@/lib/domain/twins";
import { callApi, createEdgeDevice, getTwin, modulePath, twinPath, uniqueId } from "./support/api";
import { baseManifest, configurationPath, createDeployment } from "./support/deployments";
import { messagesOf, waitFor } from "./support/mqtt";
import { useSimulatedHub } from "./support/simulated-hub";

/**
 * The fleet simulator against the real hub: REST over HTTP (the production handler path) and the
 * MQTT endpoint over TLS, exactly as `npm run simulate` talks to a remote EdgeDeck. Every test
 * reads the outcome back through the REST API.
 */
const FAST = { coolOffUnitMs: 300, maxCoolOffMs: 2_000, maxRestartCount: 50, intensiveCareMs: 600_000 };
const { fleet, stopEndpoint } = useSimulatedHub({
  seed: 42,
  restartSettings: FAST,
  telemetryIntervalMs: 0,
  edgeHubSyncMs: 100,
  reconnectMs: 300,
});

async function edgeDeviceWith(desired: JsonObject, hubDesired?: JsonObject): Promise<string> {
  const { deviceId } = await createEdgeDevice({ id: uniqueId("sim") });
  const set = async (moduleId: string, doc: JsonObject) => {
    const { $version: _v, ...body } = doc;
    const res = await callApi("PATCH", twinPath(deviceId, moduleId), { body: { properties: { desired: body } } });
    expect(res.status).toBe(200);
  };
  await set("$edgeAgent", desired);
  if (hubDesired) await set("$edgeHub", hubDesired);
  return deviceId;
}

type Reported = JsonObject & { modules?: Record<string, JsonObject>; lastDesiredStatus?: { code: number; description: string }; lastDesiredVersion?: number };
const agentReported = async (deviceId: string): Promise<Reported> => (await getTwin(deviceId, "$edgeAgent")).properties.reported;
const until = <T>(what: string, probe: () => Promise<T | false | undefined | null>, ms = 20_000) => waitFor(what, probe, ms);
const moduleIdentity = async (d: string, m: string) => (await callApi("GET", modulePath(d, m))).json;

describe("simulated edge device", () => {
  it("runs a two-module deployment: both running, 200, identities created managed by IotEdge, edgeHub lists its clients", async () => {
    const deviceId = await edgeDeviceWith(agentDesired({ alpha: {}, beta: { restartPolicy: "on-failure" } }), { schemaVersion: "1.1", routes: {} });
    await fleet([deviceId]);
    const reported = await until("both modules running", async () => {
      const r = await agentReported(deviceId);
      return r.modules?.alpha?.runtimeStatus === "running" && r.modules?.beta?.runtimeStatus === "running" && r.lastDesiredStatus?.code === 200 && r;
    });
    const desiredVersion = (await getTwin(deviceId, "$edgeAgent")).properties.desired.$version;
    expect(reported).toMatchObject({
      schemaVersion: "1.0",
      lastDesiredVersion: desiredVersion,
      runtime: { type: "docker", platform: { os: "linux", architecture: "x86_64" } },
      systemModules: { edgeAgent: { runtimeStatus: "running" }, edgeHub: { runtimeStatus: "running", restartPolicy: "always" } },
      modules: { beta: { restartPolicy: "on-failure", restartCount: 0, exitCode: 0, lastExitTimeUtc: "0001-01-01T00:00:00Z" } },
    });
    for (const m of ["alpha", "beta"]) {
      // edgeAgent reports a module running while it is still creating its identity (REST): wait for it.
      const identity = await until(`${m} identity`, async () => {
        const found = await moduleIdentity(deviceId, m);
        return found?.authentication && found;
      });
      expect([identity.managedBy, identity.authentication.type]).toEqual(["IotEdge", "sas"]);
      await until(`${m} connected`, async () => (await moduleIdentity(deviceId, m)).connectionState === "Connected");
    }
    expect((await moduleIdentity(deviceId, "$edgeAgent")).connectionState).toBe("Connected");
    const hub = await until("edgeHub clients", async () => {
      const r = (await getTwin(deviceId, "$edgeHub")).properties.reported;
      return r.clients?.[`${deviceId}/alpha`]?.status === "Connected" && r.clients?.[`${deviceId}/beta`] && r;
    });
    expect(hub).toMatchObject({ schemaVersion: "1.0", lastDesiredStatus: { code: 200 }, clients: { [`${deviceId}/%24edgeAgent`]: { status: "Connected" } } });
  });

  it("an unknown image is a named failure; the other module still runs", async () => {
    const deviceId = await edgeDeviceWith(agentDesired({ good: {}, bad: { settings: { image: "contoso.azurecr.io/missing:3.1" } } }));
    await fleet([deviceId]);
    const r = await until("the failure", async () => {
      const rep = await agentReported(deviceId);
      return rep.lastDesiredStatus?.code === 500 && rep.modules?.good?.runtimeStatus === "running" && rep;
    });
    expect(r.lastDesiredStatus!.description).toContain("contoso.azurecr.io/missing:3.1");
    expect(r.modules!.bad).toMatchObject({ runtimeStatus: "failed", statusDescription: "Image not found: contoso.azurecr.io/missing:3.1" });
  });

  it("desired stopped stops the module and its connection; a module's desired patch is mirrored into its reported", async () => {
    const deviceId = await edgeDeviceWith(agentDesired({ keeper: {}, stopper: {} }));
    await fleet([deviceId]);
    await until("running", async () => (await moduleIdentity(deviceId, "stopper"))?.connectionState === "Connected");
    await until("keeper connected", async () => (await moduleIdentity(deviceId, "keeper"))?.connectionState === "Connected");

    const patch = await callApi("PATCH", twinPath(deviceId, "keeper"), { body: { properties: { desired: { interval: 7, nested: { unit: "C" } } } } });
    expect(patch.status).toBe(200);
    await until("mirrored", async () => {
      const r = (await getTwin(deviceId, "keeper")).properties.reported;
      return r.interval === 7 && r.nested?.unit === "C";
    });

    await callApi("PATCH", twinPath(deviceId, "$edgeAgent"), { body: { properties: { desired: { modules: { stopper: { status: "stopped" } } } } } });
    const r = await until("stopped", async () => {
      const rep = await agentReported(deviceId);
      return rep.modules?.stopper?.runtimeStatus === "stopped" && rep;
    });
    expect(r.modules!.stopper).toMatchObject({ status: "stopped", exitCode: 0 });
    expect(r.lastDesiredStatus).toEqual({ code: 200, description: "" });
    await until("stopper disconnected", async () => (await moduleIdentity(deviceId, "stopper")).connectionState === "Disconnected");
    expect((await moduleIdentity(deviceId, "keeper")).connectionState).toBe("Connected");
  });

  it("sends telemetry on the outputs its routes name, stored with the output name", async () => {
    const deviceId = await edgeDeviceWith(agentDesired({ sensor: {} }), {
      schemaVersion: "1.1",
      routes: { up: "FROM /messages/modules/sensor/outputs/temperatureOutput INTO $upstream" },
      storeAndForwardConfiguration: { timeToLiveSecs: 7200 },
    });
    await fleet([deviceId], { telemetryIntervalMs: 150 });
    const messages = await until("two messages", async () => {
      // 404 until edgeAgent has created the module identity.
      const list = await messagesOf(deviceId, "sensor").catch(() => []);
      return list.length >= 2 && list;
    });
    expect(messages[0]).toMatchObject({ outputName: "temperatureOutput", moduleId: "sensor" });
    expect(JSON.parse(String(messages[0]!.body))).toMatchObject({ machine: { temperature: expect.any(Number) }, ambient: { humidity: expect.any(Number) } });
  });

  it("a crash loop shows backoff and a growing restartCount", async () => {
    const deviceId = await edgeDeviceWith(agentDesired({ crasher: { restartPolicy: "on-failure" }, steady: {} }));
    await fleet([deviceId], { faultProfile: { crashLoop: { share: 1, runForMs: [200, 200], exitCodes: [139], modules: ["crasher"] } } });
    const seen = new Set<string>();
    const r = await until("three restarts", async () => {
      const rep = await agentReported(deviceId);
      const status = rep.modules?.crasher?.runtimeStatus;
      if (typeof status === "string") seen.add(status);
      return Number(rep.modules?.crasher?.restartCount) >= 3 && rep;
    });
    await until("a backoff observed", async () => {
      seen.add(String((await agentReported(deviceId)).modules?.crasher?.runtimeStatus));
      return seen.has("backoff");
    });
    expect(r.modules!.crasher).toMatchObject({ restartPolicy: "on-failure" });
    expect(r.modules!.steady).toMatchObject({ runtimeStatus: "running", restartCount: 0 });
    const last = await agentReported(deviceId);
    expect(last.modules!.crasher!.lastExitTimeUtc).not.toBe("0001-01-01T00:00:00Z");
    expect(last.modules!.crasher!.lastRestartTimeUtc).not.toBe("0001-01-01T00:00:00Z");
  });

  it("an offline fault disconnects the device's identities and it comes back", async () => {
    const deviceId = await edgeDeviceWith(agentDesired({ m: {} }));
    await fleet([deviceId], { faultProfile: { offline: { share: 1, onlineMs: [2_500, 2_500], offlineMs: [2_500, 2_500] } } });
    const agentState = async () => (await moduleIdentity(deviceId, "$edgeAgent")).connectionState;
    await until("connected", async () => (await agentState()) === "Connected");
    await until("offline", async () => (await agentState()) === "Disconnected" && (await moduleIdentity(deviceId, "m")).connectionState === "Disconnected");
    await until("back online", async () => (await agentState()) === "Connected" && (await moduleIdentity(deviceId, "m")).connectionState === "Connected");
  });

  it("after a server restart the device reconnects and applies the desired state it missed", async () => {
    const deviceId = await edgeDeviceWith(agentDesired({ one: {} }));
    await fleet([deviceId]);
    await until("one running", async () => (await agentReported(deviceId)).modules?.one?.runtimeStatus === "running");
    const restartEndpoint = await stopEndpoint();
    await until("seen as disconnected", async () => (await moduleIdentity(deviceId, "$edgeAgent")).connectionState === "Disconnected");
    await callApi("PATCH", twinPath(deviceId, "$edgeAgent"), { body: { properties: { desired: { modules: { two: { version: "1.0", type: "docker", status: "running", restartPolicy: "always", settings: { image: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" } } } } } } });
    const version = (await getTwin(deviceId, "$edgeAgent")).properties.desired.$version;
    await restartEndpoint();
    const r = await until("both running after the restart", async () => {
      const rep = await agentReported(deviceId);
      return rep.modules?.two?.runtimeStatus === "running" && rep.lastDesiredVersion === version && rep;
    });
    expect(r.modules!.one!.runtimeStatus).toBe("running");
    await until("two connected", async () => (await moduleIdentity(deviceId, "two")).connectionState === "Connected");
  });

  it("answers ping and RestartModule on $edgeAgent (§8.4)", async () => {
    const deviceId = await edgeDeviceWith(agentDesired({ worker: {} }));
    await fleet([deviceId]);
    const first = await until("worker running", async () => {
      const m = (await agentReported(deviceId)).modules?.worker;
      return m?.runtimeStatus === "running" && m;
    });
    const invoke = (methodName: string, payload?: unknown) =>
      callApi("POST", `${twinPath(deviceId, "$edgeAgent")}/methods`, { body: { methodName, payload, responseTimeoutInSeconds: 10 } });
    expect((await invoke("ping")).json).toMatchObject({ status: 200 });
    expect((await invoke("RestartModule", { schemaVersion: "1.0", id: "nobody" })).json).toMatchObject({ status: 400, payload: { message: expect.stringContaining("nobody") } });
    await new Promise((r) => setTimeout(r, 20)); // a later start time than the first start
    expect((await invoke("RestartModule", { schemaVersion: "1.0", id: "worker" })).json).toMatchObject({ status: 200 });
    const after = await until("restarted", async () => {
      const m = (await agentReported(deviceId)).modules?.worker;
      return m?.lastStartTimeUtc !== first.lastStartTimeUtc && m;
    });
    expect(after).toMatchObject({ runtimeStatus: "running", restartCount: 0, exitCode: 0 });
    expect(after.lastExitTimeUtc).toBe(after.lastStartTimeUtc);
    await until("worker reconnected", async () => (await moduleIdentity(deviceId, "worker")).connectionState === "Connected");
  });

  it("manages identities as edgeAgent does: keys for a keyless one, deletes only IotEdge-managed ones that leave the deployment", async () => {
    const deviceId = await edgeDeviceWith(agentDesired({ managed: {}, own: {} }));
    const own = await callApi("PUT", modulePath(deviceId, "own"), { body: { deviceId, moduleId: "own", authentication: { type: "none" } } });
    expect(own.status).toBe(201);
    await fleet([deviceId]);
    await until("own connected", async () => (await moduleIdentity(deviceId, "own")).connectionState === "Connected");
    expect(await moduleIdentity(deviceId, "own")).toMatchObject({ managedBy: null, authentication: { type: "sas" } });
    await until("managed connected", async () => (await moduleIdentity(deviceId, "managed"))?.connectionState === "Connected");

    await callApi("PATCH", twinPath(deviceId, "$edgeAgent"), { body: { properties: { desired: { modules: { managed: null, own: null, next: { version: "1.0", type: "docker", status: "running", restartPolicy: "always", settings: { image: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" } } } } } } });
    await until("managed deleted", async () => (await callApi("GET", modulePath(deviceId, "managed"))).status === 404);
    const r = await until("next running", async () => {
      const rep = await agentReported(deviceId);
      return rep.modules?.next?.runtimeStatus === "running" && rep;
    });
    expect(Object.keys(r.modules!)).toEqual(["next"]);
    expect((await callApi("GET", modulePath(deviceId, "own"))).status).toBe(200);
  });

  it("creates a missing device and gives it the default deployment", async () => {
    const deviceId = uniqueId("sim");
    await fleet([deviceId], { createMissing: true, applyDefaultDeployment: true });
    const r = await until("default deployment running", async () => {
      const rep = await agentReported(deviceId);
      return rep.modules?.SimulatedTemperatureSensor?.runtimeStatus === "running" && rep;
    });
    expect(r.lastDesiredStatus).toEqual({ code: 200, description: "" });
    expect((await callApi("GET", `/api/devices/${deviceId}`)).json.capabilities).toEqual({ iotEdge: true });
  });
});

describe("simulated edge devices under a deployment", () => {
  it("receive it through the reconciler, run its modules and count as reporting success; a bad image counts as failure", async () => {
    const site = uniqueId("rollout");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { deviceId } = await createEdgeDevice({ id: uniqueId("sim") });
      await callApi("PATCH", twinPath(deviceId), { body: { tags: { site } }, headers: { "if-match": "*" } });
      ids.push(deviceId);
    }
    const content = baseManifest({ sensor: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" }, { sensor: { interval: 5 } });
    const { id } = await createDeployment({ content: { modulesContent: content }, targetCondition: `tags.site = '${site}'`, priority: 5 });
    await reconcileDeployments(new Date());
    await fleet(ids);
    await until("every device reports success", async () => {
      await refreshDeploymentMetrics();
      const results = (await callApi("GET", configurationPath(id))).json.systemMetrics.results;
      return results.reportedSuccessfulCount === 3 && results;
    });
    // The agent created the module identities after the first pass; the worker's next pass (on
    // module.created) gives their twins the deployment's desired properties, which the module mirrors.
    await reconcileDeployments(new Date());
    for (const deviceId of ids) {
      expect((await agentReported(deviceId)).modules?.sensor?.runtimeStatus).toBe("running");
      expect((await getTwin(deviceId, "sensor")).properties.desired).toMatchObject({ interval: 5 });
      await until("module mirrors its desired properties", async () => (await getTwin(deviceId, "sensor")).properties.reported.interval === 5);
    }

    // A higher-priority deployment naming an image nobody has: reported as a named failure.
    const broken = baseManifest({ sensor: "registry.invalid/nothing-here:9.9" });
    const bad = await createDeployment({ content: { modulesContent: broken }, targetCondition: `tags.site = '${site}'`, priority: 6 });
    await reconcileDeployments(new Date());
    const failures = await until("failures named per device", async () => {
      await refreshDeploymentMetrics();
      const res = await callApi("GET", `${configurationPath(bad.id)}/devices?status=failure`);
      return res.json.items.length === 3 && res.json.items;
    });
    // The running module keeps its old image (as edgeAgent does); the deployment itself fails, named.
    expect(failures[0].failures).toContainEqual(
      expect.objectContaining({ kind: "image-not-found", message: expect.stringContaining("module sensor"), since: expect.any(String) }),
    );
    await refreshDeploymentMetrics();
    expect((await callApi("GET", configurationPath(bad.id))).json.systemMetrics.results).toMatchObject({ appliedCount: 3, reportedFailedCount: 3 });
    expect((await callApi("GET", configurationPath(id))).json.systemMetrics.results).toMatchObject({ targetedCount: 3, appliedCount: 0 });
  });
});
