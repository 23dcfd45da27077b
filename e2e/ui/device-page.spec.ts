import { expect, ownerHeaders, test } from "../fixtures";
import { ADMIN, createEdgeDevice, createUser, reportAsAgent, setAgentDesired, signIn, uniqueId } from "./support/console";

/** The device page: runtime panel, desired-vs-reported modules (live), secrets by role, key regeneration. */
test.describe("device page", () => {
  test("shows the edge runtime and the modules desired against reported, and updates live", async ({ page, request, baseURL }, testInfo) => {
    const deviceId = uniqueId("dp-edge");
    const key = await createEdgeDevice(request, deviceId);
    await setAgentDesired(request, deviceId, {
      schemaVersion: "1.1",
      systemModules: { edgeAgent: { type: "docker", settings: { image: "mcr.microsoft.com/azureiotedge-agent:1.5" } } },
      modules: { sensor: { version: "1.1", type: "docker", status: "running", restartPolicy: "always", settings: { image: "registry.example/sensor:1.1" } } },
    });
    await reportAsAgent(baseURL!, deviceId, key, {
      schemaVersion: "1.0",
      version: { version: "1.5.4" },
      lastDesiredStatus: { code: 500, description: "The operation was canceled" },
      runtime: { type: "docker", platform: { os: "linux", architecture: "x86_64", version: "1.5.4" } },
      systemModules: { edgeAgent: { runtimeStatus: "running", settings: { image: "mcr.microsoft.com/azureiotedge-agent:1.5" } } },
      modules: { sensor: { version: "1.0", status: "running", runtimeStatus: "running", exitCode: 0, restartCount: 0, settings: { image: "registry.example/sensor:1.0" } } },
    });

    await signIn(page, ADMIN);
    await page.goto(`/devices/${deviceId}`);
    const runtime = page.getByTestId("runtime-panel");
    await expect(runtime.getByTestId("runtime-status")).toContainText("running");
    await expect(runtime.getByTestId("runtime-desired-status")).toContainText("500 Failed");
    await expect(runtime.getByTestId("runtime-desired-status")).toContainText("A step of the deployment failed");
    await expect(runtime.getByTestId("runtime-desired-status")).toContainText("The operation was canceled");
    await expect(runtime.getByTestId("runtime-version")).toHaveText("1.5.4");
    await expect(runtime.getByTestId("runtime-platform")).toContainText("linux / x86_64");

    const sensor = page.getByTestId("module-row-sensor");
    await expect(sensor).toContainText("registry.example/sensor:1.1");
    await expect(sensor).toContainText("→ registry.example/sensor:1.0");
    await expect(sensor).toContainText("image differs");
    await expect(sensor.getByTestId("runtime-status-cell")).toContainText("running");
    await expect(sensor.getByTestId("age-runtimeStatus")).toHaveText(/reported (just now|\d+ s ago)/);
    await expect(page.getByTestId("modules-offline")).toContainText("Device offline");
    await expect(sensor.getByRole("link", { name: "sensor" })).toHaveAttribute("href", `/devices/${deviceId}/modules/sensor`);
    await expect(page.getByTestId("module-row-edgeAgent").getByRole("link", { name: "edgeAgent" })).toHaveAttribute(
      "href",
      `/devices/${deviceId}/modules/%24edgeAgent`,
    );

    // The module crashes while the page is open: the table follows without a reload.
    await reportAsAgent(baseURL!, deviceId, key, { modules: { sensor: { runtimeStatus: "failed", exitCode: 2, statusDescription: "Error", restartCount: 20 } } });
    await expect(sensor.getByTestId("runtime-status-cell")).toContainText("failed");
    await expect(sensor).toContainText("desired running, is failed");
    await expect(sensor).toContainText("20");
    // The twin editor stays on the page.
    await expect(page.getByLabel("Tags and desired properties (JSON)")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("device-page.png"), fullPage: true });
  });

  test("an admin reveals a connection string; a viewer sees no keys", async ({ page, request, baseURL }) => {
    const deviceId = uniqueId("dp-keys");
    expect((await request.put(`/api/devices/${deviceId}`, { headers: ownerHeaders(), data: { deviceId } })).status()).toBe(200);
    const viewer = await createUser(page, baseURL!, "viewer");

    await signIn(page, ADMIN);
    await page.goto(`/devices/${deviceId}`);
    const secrets = page.getByTestId("device-secrets");
    const primary = secrets.locator("div").filter({ has: page.getByText("Primary connection string", { exact: true }) });
    await expect(primary.locator("code")).toHaveText(/^•+$/);
    await primary.getByRole("button", { name: "Reveal" }).click();
    await expect(primary.locator("code")).toContainText(`DeviceId=${deviceId};SharedAccessKey=`);
    await expect(page.getByTestId("device-auth-type")).toHaveText("Symmetric key (SAS)");

    await page.context().clearCookies();
    await signIn(page, viewer);
    await page.goto(`/devices/${deviceId}`);
    await expect(page.getByTestId("device-status")).toContainText("enabled");
    await expect(page.getByTestId("device-secrets")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Regenerate|Disable/ })).toHaveCount(0);
    await expect(page.getByText(/SharedAccessKey=/)).toHaveCount(0);
  });

  test("regenerating a key asks for confirmation, then replaces only that key", async ({ page, request }) => {
    const deviceId = uniqueId("dp-regen");
    const created = await request.put(`/api/devices/${deviceId}`, { headers: ownerHeaders(), data: { deviceId } });
    const keysBefore = (await created.json()).authentication.symmetricKey;
    const keysNow = async () => (await (await request.get(`/api/devices/${deviceId}`, { headers: ownerHeaders() })).json()).authentication.symmetricKey;

    await signIn(page, ADMIN);
    await page.goto(`/devices/${deviceId}`);
    await page.getByRole("button", { name: "Regenerate secondary key" }).click();
    const dialog = page.getByRole("dialog", { name: "Regenerate the secondary key?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    expect(await keysNow()).toEqual(keysBefore);

    await page.getByRole("button", { name: "Regenerate secondary key" }).click();
    await dialog.getByRole("button", { name: "Regenerate secondary key" }).click();
    await expect(page.getByRole("status").filter({ hasText: "New secondary key generated" })).toBeVisible();
    const after = await keysNow();
    expect(after.primaryKey).toBe(keysBefore.primaryKey);
    expect(after.secondaryKey).not.toBe(keysBefore.secondaryKey);
    // The page shows the new key (revealed on demand).
    const secondary = page.getByTestId("device-secrets").locator("div").filter({ has: page.getByText("Secondary key", { exact: true }) });
    await secondary.getByRole("button", { name: "Reveal" }).click();
    await expect(secondary.locator("code")).toHaveText(after.secondaryKey);

    // Admins can disable and re-enable the device from the identity panel.
    await page.getByTestId("device-status").getByRole("button", { name: "Disable" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Device disabled" })).toBeVisible();
    await expect(page.getByTestId("device-status")).toContainText("disabled");
    expect((await (await request.get(`/api/devices/${deviceId}`, { headers: ownerHeaders() })).json()).status).toBe("disabled");
    await page.getByTestId("device-status").getByRole("button", { name: "Enable" }).click();
    await expect(page.getByTestId("device-status")).toContainText("enabled");
  });
});
