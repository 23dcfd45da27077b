import { createHmac, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import type { APIRequestContext } from "@playwright/test";
import { expect, HUB_HOSTNAME, ownerHeaders, test } from "../fixtures";
import { ADMIN, createEdgeDevice, signIn, uniqueId } from "./support/console";

const require = createRequire(import.meta.url);
const mqtt = require("mqtt") as typeof import("mqtt");

/**
 * "Status you can trust" (issue #7, docs/console.md): an edge device is online while its `$edgeAgent`
 * is connected and shows "Offline since" when it is not; a reported status from an offline agent, or
 * older than STATUS_STALE_SECONDS (20 s for the e2e server, playwright.config.ts), is shown stale, not
 * green; the at-risk page puts a device already refusing messages first.
 */
type Client = Awaited<ReturnType<typeof mqtt.connectAsync>>;

/** An MQTT-over-WebSocket session as one of the device's modules, held open until `end`. */
async function connectModule(baseURL: string, deviceId: string, moduleId: string, key: string): Promise<Client> {
  const clientId = `${deviceId}/${moduleId}`;
  const resource = encodeURIComponent(`${HUB_HOSTNAME}/devices/${deviceId}/modules/${moduleId}`);
  const expiry = Math.floor(Date.now() / 1000) + 3600;
  const sig = createHmac("sha256", Buffer.from(key, "base64")).update(`${resource}\n${expiry}`).digest("base64");
  const client = await mqtt.connectAsync(`${baseURL.replace(/^http/, "ws")}/$iothub/websocket`, {
    clientId,
    username: `${HUB_HOSTNAME}/${clientId}/?api-version=2021-04-12`,
    password: `SharedAccessSignature sr=${resource}&sig=${encodeURIComponent(sig)}&se=${expiry}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  await client.subscribeAsync("$iothub/twin/res/#");
  return client;
}

async function report(client: Client, patch: Record<string, unknown>) {
  const rid = randomBytes(3).toString("hex");
  const answered = new Promise<string>((resolve) => client.on("message", (topic) => topic.includes(`$rid=${rid}`) && resolve(topic)));
  await client.publishAsync(`$iothub/twin/PATCH/properties/reported/?$rid=${rid}`, JSON.stringify(patch));
  expect(await answered).toMatch(/^\$iothub\/twin\/res\/204\//);
}

async function moduleKey(request: APIRequestContext, deviceId: string, moduleId: string) {
  const res = await request.put(`/api/devices/${encodeURIComponent(deviceId)}/modules/${encodeURIComponent(moduleId)}`, {
    headers: { ...ownerHeaders(), "If-Match": "*" },
    data: { deviceId, moduleId, authentication: { type: "sas" } },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).authentication.symmetricKey.primaryKey as string;
}

const agentReport = {
  lastDesiredStatus: { code: 200 },
  systemModules: { edgeAgent: { runtimeStatus: "running", settings: { image: "mcr.microsoft.com/azureiotedge-agent:1.5" } } },
  modules: { sensor: { status: "running", runtimeStatus: "running", settings: { image: "registry.example/sensor:1.0" } } },
};
const fleetUrl = (deviceId: string) => `/devices?q=${encodeURIComponent(`deviceId = '${deviceId}'`)}`;

test.describe("status you can trust", () => {
  test("an edge device going offline shows Offline since in the fleet table and on the device page, and its statuses turn stale", async ({ page, request, baseURL }, testInfo) => {
    const deviceId = uniqueId("st-offline");
    const key = await createEdgeDevice(request, deviceId);
    const agent = await connectModule(baseURL!, deviceId, "$edgeAgent", key);
    try {
      await report(agent, agentReport);
      await signIn(page, ADMIN);

      await page.goto(fleetUrl(deviceId));
      const row = page.getByTestId("device-row").filter({ hasText: deviceId });
      await expect(row.getByTestId("device-presence")).toContainText("Connected since");
      await expect(row.getByTestId("edge-health").locator("[data-tone]")).toHaveAttribute("data-tone", "ok");

      await page.goto(`/devices/${deviceId}`);
      await expect(page.getByTestId("device-connection")).toContainText("Connected since");
      const runtimeBadge = page.getByTestId("runtime-status").locator("[data-tone]");
      await expect(runtimeBadge).toHaveAttribute("data-tone", "ok");
      await expect(page.getByTestId("runtime-status").getByTestId("freshness")).toHaveAttribute("data-freshness", "fresh");
    } finally {
      await agent.endAsync(true);
    }

    // The agent is gone: the page follows live; the last report is frozen, so not green any more.
    await expect(page.getByTestId("device-connection")).toContainText("Offline since");
    await expect(page.getByTestId("runtime-status").locator("[data-tone]")).toHaveAttribute("data-tone", "stale");
    await expect(page.getByTestId("runtime-status").getByTestId("freshness")).toHaveText("stale · device offline");
    const sensor = page.getByTestId("module-row-sensor").getByTestId("runtime-status-cell");
    await expect(sensor.locator("[data-tone]")).toHaveAttribute("data-tone", "stale");
    await page.screenshot({ path: testInfo.outputPath("device-offline.png"), fullPage: true });

    await page.goto(fleetUrl(deviceId));
    const row = page.getByTestId("device-row").filter({ hasText: deviceId });
    await expect(row.getByTestId("device-presence")).toContainText("Offline since");
    await expect(row.getByTestId("edge-health").locator("[data-tone]")).toHaveAttribute("data-tone", "stale");

    // The module page says the same of the module: offline since when, its runtime status stale.
    await page.goto(`/devices/${deviceId}/modules/${encodeURIComponent("$edgeAgent")}`);
    await expect(page.getByTestId("module-connection")).toContainText("Offline since");
    const moduleRuntime = page.getByTestId("module-runtime-status");
    await expect(moduleRuntime.locator("[data-tone]")).toHaveAttribute("data-tone", "stale");
    await expect(moduleRuntime.getByTestId("freshness")).toHaveText("stale · device offline");
  });

  test("a status older than STATUS_STALE_SECONDS turns stale while the device stays connected", async ({ page, request, baseURL }) => {
    test.setTimeout(90_000);
    const deviceId = uniqueId("st-old");
    const key = await createEdgeDevice(request, deviceId);
    const agent = await connectModule(baseURL!, deviceId, "$edgeAgent", key);
    try {
      await report(agent, agentReport);
      await signIn(page, ADMIN);
      await page.goto(`/devices/${deviceId}`);
      await expect(page.getByTestId("device-connection")).toContainText("Connected since");
      const freshness = page.getByTestId("runtime-status").getByTestId("freshness");
      await expect(freshness).toHaveAttribute("data-freshness", "fresh");
      // Nothing new is reported: past the 20 s threshold (the page re-renders every 15 s) it is stale.
      await expect(freshness).toHaveAttribute("data-freshness", "stale", { timeout: 60_000 });
      await expect(freshness).toContainText(/^stale · \d+ s old$/);
      await expect(page.getByTestId("runtime-status").locator("[data-tone]")).toHaveAttribute("data-tone", "stale");
      await expect(page.getByTestId("device-connection")).toContainText("Connected since");
    } finally {
      await agent.endAsync(true);
    }
  });

  test("the at-risk page lists a device whose store is refusing messages first", async ({ page, request, baseURL }, testInfo) => {
    const deviceId = uniqueId("st-risk");
    await createEdgeDevice(request, deviceId);
    const hub = await connectModule(baseURL!, deviceId, "$edgeHub", await moduleKey(request, deviceId, "$edgeHub"));
    try {
      await report(hub, {
        storeAndForward: {
          timeToLiveSecs: 7200,
          maxSizeBytes: 1024,
          queueLength: 40,
          storageBytes: 1024,
          oldestAgeSecs: 7200,
          timeUntilFirstExpirySecs: 0,
          droppedByTtl: 0,
          refusedForSpace: 5,
          reportedTimeUtc: new Date().toISOString(),
        },
      });
    } finally {
      await hub.endAsync(true);
    }

    await signIn(page, ADMIN);
    await page.goto("/");
    await page.getByRole("navigation").getByRole("link", { name: "At risk" }).click();
    await expect(page.getByRole("heading", { name: "At risk of losing data" })).toBeVisible();
    const first = page.getByTestId("at-risk-row").first();
    await expect(first).toHaveAttribute("data-device-id", deviceId);
    await expect(first).toContainText("refusing");
    await expect(first).toContainText("40");
    await expect(first).toContainText("100% used");
    await expect(first.getByTestId("at-risk-expiry")).toHaveText("due now");
    await expect(first).toContainText("Never connected");
    await page.screenshot({ path: testInfo.outputPath("at-risk.png"), fullPage: true });
  });
});
