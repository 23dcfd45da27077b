import { expect, ownerHeaders, test } from "../fixtures";
import { ADMIN, createEdgeDevice, reportAsModule, signIn, uniqueId } from "./support/console";

/** The device page's store-and-forward panel, from `$edgeHub` reported `storeAndForward` (docs/console.md). */
test("the device page shows edgeHub's message store, a full store, and follows it live", async ({ page, request, baseURL }, testInfo) => {
  const deviceId = uniqueId("dp-saf");
  await createEdgeDevice(request, deviceId);
  const hub = await request.put(`/api/devices/${deviceId}/modules/%24edgeHub`, {
    headers: { ...ownerHeaders(), "If-Match": "*" },
    data: { deviceId, moduleId: "$edgeHub", authentication: { type: "sas" } },
  });
  expect(hub.status(), await hub.text()).toBe(200);
  const key = (await hub.json()).authentication.symmetricKey.primaryKey as string;
  const at = new Date().toISOString();
  await reportAsModule(baseURL!, deviceId, "$edgeHub", key, {
    storeAndForward: {
      timeToLiveSecs: 7200,
      maxSizeBytes: 4096,
      queueLength: 3,
      storageBytes: 1024,
      oldestAgeSecs: 120,
      timeUntilFirstExpirySecs: 600,
      droppedByTtl: 2,
      refusedForSpace: 0,
      forwarded: 40,
      queues: {
        upstream_Pri0: { endpoint: "$upstream", priority: 0, length: 1, bytes: 400, oldestAgeSecs: 30, timeUntilFirstExpirySecs: 600 },
        upstream: { endpoint: "$upstream", priority: 2000000000, length: 2, bytes: 624, oldestAgeSecs: 120 },
      },
      reportedTimeUtc: at,
    },
  });

  await signIn(page, ADMIN);
  await page.goto(`/devices/${deviceId}`);
  const panel = page.getByTestId("store-and-forward-panel");
  await expect(panel.getByTestId("saf-headline")).toHaveText("2 expired (TTL)");
  await expect(panel.getByTestId("saf-queue-length")).toHaveText("3 messages");
  await expect(panel.getByTestId("saf-storage")).toContainText("1.0 KiB of 4.0 KiB");
  await expect(panel.getByRole("meter", { name: "storage used" })).toHaveAttribute("aria-valuenow", "25");
  await expect(panel.getByTestId("saf-oldest")).toContainText("2 min old · TTL 2 h");
  await expect(panel.getByTestId("saf-dropped")).toHaveText("2");
  const rows = panel.getByTestId("saf-queues").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("upstream_Pri0");
  await expect(rows.nth(1)).toContainText("default");

  // The store fills up while the page is open: the panel says so without a reload.
  await reportAsModule(baseURL!, deviceId, "$edgeHub", key, { storeAndForward: { storageBytes: 4000, refusedForSpace: 7, queueLength: 12 } });
  await expect(panel.getByTestId("saf-headline")).toHaveText("Store full: 7 messages refused");
  await expect(panel.getByTestId("saf-refused")).toHaveText("7");
  await expect(panel.getByRole("meter", { name: "storage used" })).toHaveAttribute("aria-valuenow", "98");
  await page.screenshot({ path: testInfo.outputPath("store-and-forward.png"), fullPage: true });
});
