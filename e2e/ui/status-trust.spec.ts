import type { APIRequestContext } from "@playwright/test";
import { expect, ownerHeaders, test } from "../fixtures";
import { ADMIN, connectModule, createEdgeDevice, report, signIn, uniqueId } from "./support/console";

/**
 * "Status you can trust" (issue #7, docs/console.md): an edge device is online while its `$edgeAgent`
 * is connected and shows "Offline since" when it is not; a reported status from an offline agent, or
 * older than STATUS_STALE_SECONDS (20 s for the e2e server, playwright.config.ts), is shown stale, not
 * green; the at-risk page puts a device already refusing messages first.
 */
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
