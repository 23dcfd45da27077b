import type { APIRequestContext } from "@playwright/test";
import type { Fleet } from "@/lib/simulator/fleet";
import { expect, ownerHeaders, test } from "../fixtures";
import { ADMIN, signIn, uniqueId } from "./support/console";
import { startSimulatedDevices } from "./support/fleet";

/**
 * Pending operations in Chromium (docs/console.md): a simulated edge device goes offline; a desired
 * write to its `$edgeHub` and a direct method call waiting for `$edgeAgent` show as pending on the
 * device page and in the fleet view; the device comes back; the panel shows their receipts without
 * a reload.
 */
test.describe("pending operations", () => {
  test.setTimeout(120_000);
  const fleets: Fleet[] = [];
  test.afterEach(async () => {
    await Promise.all(fleets.splice(0).map((f) => f.stop()));
  });

  /** The simulator connects the edge runtime's modules, not the device identity itself. */
  const connectionOf = async (request: APIRequestContext, deviceId: string) => {
    const res = await request.get(`/api/devices/${deviceId}/modules/%24edgeHub`, { headers: ownerHeaders() });
    return (await res.json()).connectionState as string;
  };

  test("offline: a desired write and a queued method are pending; back online: receipts, live", async ({ page, request, baseURL }) => {
    const deviceId = uniqueId("pend");
    const fleet = await startSimulatedDevices(baseURL!, [deviceId]);
    fleets.push(fleet);
    await expect.poll(() => connectionOf(request, deviceId), { timeout: 30_000 }).toBe("Connected");

    await signIn(page, ADMIN);
    await page.goto(`/devices/${deviceId}`);
    const panel = page.getByTestId("pending-operations-panel");
    await expect(panel.getByTestId("pending-count")).toHaveText("nothing pending");

    const device = fleet.devices.get(deviceId)!;
    await device.goOffline();
    await expect.poll(() => connectionOf(request, deviceId), { timeout: 30_000 }).toBe("Disconnected");

    // Written while the device is away: nobody can receive it yet.
    const patch = await request.patch(`/api/twins/${deviceId}/modules/%24edgeHub`, {
      headers: { ...ownerHeaders(), "If-Match": "*" },
      data: { properties: { desired: { schemaVersion: "1.1", routes: { upstream: "FROM /messages/* INTO $upstream" }, storeAndForwardConfiguration: { timeToLiveSecs: 3600 } } } },
    });
    expect(patch.status(), await patch.text()).toBe(200);
    const desiredVersion = (await patch.json()).properties.desired.$version as number;
    // A method that may wait a minute for $edgeAgent to connect.
    const call = request.post(`/api/twins/${deviceId}/modules/%24edgeAgent/methods`, {
      headers: ownerHeaders(),
      data: { methodName: "ping", connectTimeoutInSeconds: 60, responseTimeoutInSeconds: 30 },
    });

    const rows = panel.getByTestId("pending-operation");
    await expect(panel.getByTestId("pending-count")).toHaveText("2 pending");
    await expect(rows.filter({ hasText: `desired $version ${desiredVersion}` })).toContainText("$edgeHub");
    const method = rows.filter({ hasText: "method ping" });
    await expect(method).toContainText("$edgeAgent");
    await expect(method).toContainText(/expires in \d+ s/);

    // The fleet view lists the device with its counts.
    await page.goto("/operations");
    const fleetRow = page.getByTestId("fleet-pending-row").filter({ hasText: deviceId });
    await expect(fleetRow.locator("td").nth(2)).toHaveText("1");
    await expect(fleetRow.locator("td").nth(3)).toHaveText("1");
    await fleetRow.getByRole("link", { name: deviceId }).click();
    await expect(page).toHaveURL(new RegExp(`/devices/${deviceId}$`));
    await expect(panel.getByTestId("pending-count")).toHaveText("2 pending");

    // The device comes back: edgeHub reads its twin, edgeAgent answers the waiting call.
    await device.goOnline();
    const answer = await call;
    expect(answer.status(), await answer.text()).toBe(200);
    await expect(panel.getByTestId("pending-count")).toHaveText("nothing pending", { timeout: 20_000 });
    const receipts = panel.getByTestId("operation-receipt");
    await expect(receipts.filter({ hasText: `desired $version ${desiredVersion}` })).toContainText("delivered");
    await expect(receipts.filter({ hasText: "method ping" })).toContainText("answered 200");
  });
});
