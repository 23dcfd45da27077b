import fs from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { baseManifest } from "@/lib/domain/deployments/test-fixtures";
import type { Fleet } from "@/lib/simulator/fleet";
import { expect, ownerHeaders, test } from "../fixtures";
import { ADMIN, signIn, uniqueId } from "./support/console";
import { startSimulatedDevices } from "./support/fleet";

/**
 * Deployments in Chromium: a deployment composed from a catalog image through the wizard reaches
 * simulated edge devices (lib/simulator) whose modules start; the detail page's counters and the
 * device page follow without a reload; a manifest exported from one deployment imports into the
 * composer and creates an identical one.
 */
test.describe("deployments", () => {
  test.setTimeout(180_000);
  const fleets: Fleet[] = [];
  test.afterEach(async () => {
    await Promise.all(fleets.splice(0).map((f) => f.stop()));
  });

  const getConfiguration = async (request: APIRequestContext, id: string) => {
    const res = await request.get(`/api/configurations/${id}`, { headers: ownerHeaders() });
    expect(res.status(), await res.text()).toBe(200);
    return res.json();
  };

  async function next(page: Page, step: string) {
    await page.getByRole("button", { name: `Next: ${step}` }).click();
    await expect(page.getByRole("button", { name: new RegExp(step) }).first()).toHaveAttribute("aria-current", "step");
  }

  test("compose from a catalog image; the devices run it; counters and device page update live", async ({ page, request, baseURL }, testInfo) => {
    const tag = uniqueId("site");
    const deviceIds = [uniqueId("dep-a"), uniqueId("dep-b")];
    fleets.push(await startSimulatedDevices(baseURL!, deviceIds));
    for (const deviceId of deviceIds) {
      const res = await request.patch(`/api/twins/${deviceId}`, { headers: { ...ownerHeaders(), "If-Match": "*" }, data: { tags: { site: tag } } });
      expect(res.status(), await res.text()).toBe(200);
    }
    const id = uniqueId("ui-dep").toLowerCase();

    await signIn(page, ADMIN);
    await page.goto("/deployments");
    await page.getByRole("link", { name: "New deployment" }).click();
    await expect(page).toHaveURL(/\/deployments\/new/);

    // 1. Modules: the temperature sensor from the built-in catalog, twice under two names.
    for (const name of ["tempSensor", "tempSensor2"]) {
      if (name === "tempSensor2") await page.getByRole("button", { name: "Add module" }).click();
      await page.getByLabel("Search images").fill("simulated-temperature");
      await page.getByRole("list", { name: "Images found" }).getByRole("button", { name: /azureiotedge-simulated-temperature-sensor/ }).first().click();
      await page.getByLabel("Tag", { exact: true }).selectOption("1.5");
      await page.getByRole("button", { name: /^Add .*simulated-temperature-sensor:1\.5/ }).click();
      await page.getByLabel("Module name").fill(name);
    }
    await expect(page.getByRole("list", { name: "Modules in this deployment" }).getByRole("button")).toHaveCount(2);
    await page.getByLabel("Create options JSON of tempSensor2").fill(JSON.stringify({ HostConfig: { Binds: Array.from({ length: 20 }, (_, i) => `/var/lib/sensor${i}:/data${i}`) } }));
    await expect(page.getByTestId("create-options-size")).toContainText("2 chunks of 512");

    // 2. Routes: the default upstream route plus one from a module output; grammar checked live.
    await next(page, "Routes");
    await page.getByRole("button", { name: "Add route" }).click();
    await page.getByLabel("Route 2", { exact: true }).fill("FROM /messages/modules/tempSensor/outputs/temperatureOutput WHERE temperature > INTO $upstream");
    await expect(page.getByTestId("route-1")).toContainText(/expected|unexpected|invalid/i);
    await page.getByLabel("Route 2", { exact: true }).fill("FROM /messages/modules/tempSensor/outputs/temperatureOutput INTO $upstream");
    await expect(page.getByTestId("route-1")).toContainText("Valid route");
    await expect(page.getByRole("img", { name: /route2 from tempSensor \/ temperatureOutput to \$upstream/ })).toBeVisible();

    // 3. Target: the two devices by tag, counted live.
    await next(page, "Target");
    await page.getByLabel("Deployment id").fill(id);
    await page.getByLabel("Target condition").fill(`tags.site='${tag}'`);
    await expect(page.getByTestId("target-count")).toContainText("2 edge devices match");

    // 4. Review: server validation and the impact before anything is written.
    await next(page, "Review and create");
    await expect(page.getByTestId("validation-problems").or(page.getByTestId("validation-ok"))).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("impact-summary")).toContainText("2 devices targeted");
    await expect(page.getByTestId("impact-added")).not.toHaveText("0");
    expect((await request.get(`/api/configurations/${id}`, { headers: ownerHeaders() })).status()).toBe(404);
    await page.screenshot({ path: testInfo.outputPath("composer-review.png"), fullPage: true });
    await page.getByRole("button", { name: "Create deployment" }).click();

    // The detail page follows the rollout without a reload.
    await expect(page).toHaveURL(new RegExp(`/deployments/${id}$`));
    await expect(page.getByTestId("metric-targetedCount")).toHaveText("2");
    await expect(page.getByTestId("metric-reportedSuccessfulCount")).toHaveText("2", { timeout: 60_000 });
    await expect(page.getByTestId("metric-reportedFailedCount")).toHaveText("0");
    await expect(page.getByRole("progressbar", { name: "Devices reporting success" })).toHaveAttribute("aria-valuenow", "2");
    for (const deviceId of deviceIds) await expect(page.getByTestId(`deployment-device-${deviceId}`).getByTestId("device-rollout")).toHaveText("success");
    const stored = await getConfiguration(request, id);
    const modules = stored.content.modulesContent.$edgeAgent["properties.desired"].modules;
    expect(Object.keys(modules).sort()).toEqual(["tempSensor", "tempSensor2"]);
    expect(modules.tempSensor2.settings.createOptions01).toBeTruthy();

    // The device page: the module runs, and the effective configuration names the deployment.
    await page.goto(`/devices/${deviceIds[0]}`);
    await expect(page.getByTestId("module-row-tempSensor").getByTestId("runtime-status-cell")).toContainText("running", { timeout: 30_000 });
    await expect(page.getByTestId(`effective-deployment-${id}`)).toContainText("base in effect");
    await expect(page.getByTestId("effective-configuration")).toContainText(`module tempSensor2 ← ${id}`);

    // A higher-priority base arrives while the page is open: the panel shows it won, live.
    const winner = `${id}-win`;
    const put = await request.put(`/api/configurations/${winner}`, {
      headers: ownerHeaders(),
      data: { id: winner, priority: 50, targetCondition: `deviceId='${deviceIds[0]}'`, labels: {}, metrics: { queries: {} }, content: stored.content },
    });
    expect(put.status(), await put.text()).toBe(200);
    await expect(page.getByTestId(`effective-deployment-${winner}`)).toContainText("base in effect");
    await expect(page.getByTestId(`effective-deployment-${id}`).getByTestId("effective-status")).toContainText("Targeted");

    // The list shows both, with live counts.
    await page.goto("/deployments");
    await expect(page.getByTestId(`deployment-row-${id}`).getByTestId("count-applied")).toHaveText("1");
    await expect(page.getByTestId(`deployment-row-${winner}`).getByTestId("count-targeted")).toHaveText("1");
    for (const d of [winner, id]) expect((await request.delete(`/api/configurations/${d}`, { headers: ownerHeaders() })).status()).toBe(204);
    await expect(page.getByTestId(`deployment-row-${id}`)).toHaveCount(0);
  });

  test("export a manifest, import it into the composer, create an identical deployment", async ({ page, request }, testInfo) => {
    const source = uniqueId("ui-export").toLowerCase();
    const long = JSON.stringify({ HostConfig: { Binds: Array.from({ length: 25 }, (_, i) => `/srv/opc${i}:/app/opc${i}`) } });
    const modulesContent = {
      $edgeAgent: {
        "properties.desired": {
          schemaVersion: "1.1",
          runtime: { type: "docker", settings: { minDockerVersion: "v1.25" } },
          systemModules: {
            edgeAgent: { type: "docker", settings: { image: "mcr.microsoft.com/azureiotedge-agent:1.5", createOptions: "{}" } },
            edgeHub: { type: "docker", status: "running", restartPolicy: "always", settings: { image: "mcr.microsoft.com/azureiotedge-hub:1.5", createOptions: "{}" } },
          },
          modules: {
            opc: {
              version: "2.9",
              type: "docker",
              status: "running",
              restartPolicy: "on-failure",
              startupOrder: 1,
              env: { PUBLISH_INTERVAL: { value: 1000 } },
              settings: { image: "mcr.microsoft.com/iotedge/opc-publisher:2.9", createOptions: long.slice(0, 512), createOptions01: long.slice(512) },
            },
          },
        },
      },
      $edgeHub: { "properties.desired": { schemaVersion: "1.1", routes: { up: { route: "FROM /messages/* INTO $upstream", priority: 1, timeToLiveSecs: 600 } }, storeAndForwardConfiguration: { timeToLiveSecs: 3600 } } },
      opc: { "properties.desired": { nodes: ["ns=2;s=Temperature"] } },
    };
    const created = await request.put(`/api/configurations/${source}`, {
      headers: ownerHeaders(),
      data: { id: source, priority: 3, targetCondition: "tags.nothing='here'", labels: { team: "ops" }, metrics: { queries: {} }, content: { modulesContent } },
    });
    expect(created.status(), await created.text()).toBe(200);
    const stored = (await getConfiguration(request, source)).content.modulesContent;

    await signIn(page, ADMIN);
    await page.goto(`/deployments/${source}`);
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export manifest" }).click();
    const file = testInfo.outputPath("exported.deployment.json");
    await (await downloading).saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(exported).toEqual({ modulesContent: stored });

    // Import the same file, wrapped the way `az` writes it ({content: {modulesContent}}).
    const wrapped = testInfo.outputPath("wrapped.deployment.json");
    fs.writeFileSync(wrapped, JSON.stringify({ content: exported }, null, 2));
    await page.goto("/deployments");
    await page.getByRole("button", { name: "Import manifest" }).click();
    await page.getByLabel("Manifest file").setInputFiles(wrapped);
    await page.getByRole("button", { name: "Open in composer" }).click();
    await expect(page.getByTestId("composer-imported")).toContainText("1 modules, 1 routes");
    await expect(page.getByTestId("composer-module-opc")).toBeVisible();

    const copy = `${source}-imported`;
    await page.getByRole("button", { name: "3. Target" }).click();
    await page.getByLabel("Deployment id").fill(copy);
    await page.getByLabel("Target condition").fill("tags.nothing='here'");
    await page.getByRole("button", { name: "4. Review and create" }).click();
    await expect(page.getByTestId("impact-summary")).toContainText("0 devices targeted", { timeout: 20_000 });
    await page.getByRole("button", { name: "Create deployment" }).click();
    await expect(page).toHaveURL(new RegExp(`/deployments/${copy}$`));
    expect((await getConfiguration(request, copy)).content.modulesContent).toEqual(stored);

    // Edit the mutable fields with If-Match; content stays as it was.
    await page.getByRole("button", { name: "Edit settings" }).click();
    await page.getByLabel("Priority", { exact: true }).fill("7");
    await page.getByRole("button", { name: "Add label" }).click();
    await page.getByLabel("Label 1", { exact: true }).fill("source");
    await page.getByLabel("Value 1", { exact: true }).fill("import");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByTestId("deployment-labels")).toHaveText("source=import");
    expect((await getConfiguration(request, copy)).priority).toBe(7);

    // Delete asks first.
    await page.getByRole("button", { name: "Delete…" }).click();
    await page.getByRole("button", { name: "Delete deployment" }).click();
    await expect(page).toHaveURL(/\/deployments$/);
    expect((await request.get(`/api/configurations/${copy}`, { headers: ownerHeaders() })).status()).toBe(404);
    expect((await request.delete(`/api/configurations/${source}`, { headers: ownerHeaders() })).status()).toBe(204);
  });

  test("a failing module is named on the detail page with its age; Edit a copy opens the composer prefilled", async ({ page, request, baseURL }) => {
    const deviceId = uniqueId("dep-fail");
    fleets.push(await startSimulatedDevices(baseURL!, [deviceId]));
    const id = uniqueId("ui-broken").toLowerCase();
    const modulesContent = baseManifest({ broken: "mcr.microsoft.com/no-such-image:1.0" });
    const created = await request.put(`/api/configurations/${id}`, {
      headers: ownerHeaders(),
      data: { id, priority: 5, targetCondition: `deviceId='${deviceId}'`, labels: { purpose: "e2e" }, metrics: { queries: {} }, content: { modulesContent } },
    });
    expect(created.status(), await created.text()).toBe(200);

    await signIn(page, ADMIN);
    await page.goto(`/deployments/${id}`);
    await expect(page.getByTestId("metric-reportedFailedCount")).toHaveText("1", { timeout: 60_000 });
    const row = page.getByTestId(`deployment-device-${deviceId}`);
    await expect(row.getByTestId("device-rollout")).toHaveText("failure");
    await expect(row.getByTestId("failure-image-not-found")).toContainText("Image not found");
    await expect(row.getByTestId("failure-image-not-found")).toContainText("broken");
    await expect(row.getByTestId("failure-image-not-found").getByTestId("failure-age")).toHaveText(/(since|reported) (just now|\d+ s ago)/);
    await page.getByLabel("Filter devices by state").selectOption("success");
    await expect(page.getByTestId(`deployment-device-${deviceId}`)).toHaveCount(0);

    await page.getByRole("link", { name: "Edit a copy" }).click();
    await expect(page).toHaveURL(new RegExp(`/deployments/new\\?from=${id}`));
    await expect(page.getByTestId("composer-module-broken")).toBeVisible();
    await expect(page.getByLabel("Image", { exact: true })).toHaveValue("mcr.microsoft.com/no-such-image:1.0");
    await page.getByRole("button", { name: "3. Target" }).click();
    await expect(page.getByLabel("Deployment id")).toHaveValue(`${id}-copy`);
    await expect(page.getByLabel("Target condition")).toHaveValue(`deviceId='${deviceId}'`);
    await expect(page.getByTestId("target-count")).toContainText("1 edge device match");
    expect((await request.delete(`/api/configurations/${id}`, { headers: ownerHeaders() })).status()).toBe(204);
  });
});
