import type { Page, WebSocketRoute } from "@playwright/test";
import { expect, FIRST_ADMIN, ownerHeaders, signIn, test } from "../fixtures";

/**
 * The fleet browser in Chromium, on its own run-tagged devices (the e2e server is shared): query,
 * syntax error, quick filter, sort, a tag column, a shared URL, saved view, bulk tag dry run and
 * apply, create and delete.
 */
const run = `ui${Date.now().toString(36)}`;
const WHERE = `tags.run = '${run}'`;
const ids = ["a1", "a2", "b1", "b2"].map((s) => `${run}-${s}`);
const rows = (page: Page) => page.getByTestId("device-row");
const rowIds = async (page: Page) => (await rows(page).locator("td:first-child").allTextContents()).map((t) => t.trim());

test.describe.serial("devices page", () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(60_000);
    for (const [i, id] of ids.entries()) {
      const created = await request.put(`/api/devices/${id}`, { headers: ownerHeaders(), data: { deviceId: id, capabilities: { iotEdge: i === 0 } } });
      expect(created.status()).toBe(200);
      const tagged = await request.patch(`/api/twins/${id}`, {
        headers: { ...ownerHeaders(), "if-match": "*" },
        data: { tags: { run, site: id.includes("-a") ? "alpha" : "beta", rank: i } },
      });
      expect(tagged.status()).toBe(200);
    }
  });

  test.beforeEach(async ({ page }, testInfo) => {
    testInfo.setTimeout(120_000);
    // The ui project runs after ui-first-run, whose setup test creates FIRST_ADMIN.
    await signIn(page, FIRST_ADMIN);
  });

  test("filters with a query, shows a syntax error at its position, quick filter, sort and a tag column in the URL", async ({ page }) => {
    await page.goto("/devices");
    const query = page.getByLabel(/^Query/);
    await query.fill(WHERE);
    await query.press("Enter");
    await expect(page).toHaveURL(/q=tags\.run/);
    await expect(rows(page)).toHaveCount(4);
    await expect(page.getByTestId("match-count")).toHaveText("4 matching devices");

    // A syntax error: the message with its position, and the mark under the offending token.
    await query.fill(`${WHERE} AND ^`);
    await query.press("Enter");
    await expect(page.getByTestId("query-error")).toContainText(`Syntax error at position ${WHERE.length + 5}`);
    await expect(page.getByTestId("query-error-mark")).toHaveText("^");
    await query.fill(WHERE);
    await query.press("Enter");
    await expect(rows(page)).toHaveCount(4);
    await expect(page.getByTestId("query-error")).toHaveCount(0);

    // Quick filter: edge devices only.
    await page.getByLabel("Kind").selectOption("edge");
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(ids[0]!);
    await page.getByLabel("Kind").selectOption("");
    await expect(rows(page)).toHaveCount(4);

    // Sort by device id, descending.
    await page.getByRole("button", { name: /^Device/ }).click();
    await expect(page).toHaveURL(/sort=-deviceId/);
    await expect.poll(() => rowIds(page)).toEqual([...ids].reverse());

    // A tag column from the column chooser, then sort on it.
    await page.getByText(/^Columns/).click();
    await page.getByLabel("Add column (twin path)").fill("tags.rank");
    await page.getByRole("button", { name: "Add column", exact: true }).click();
    await expect(page.getByRole("columnheader", { name: "tags.rank" })).toBeVisible();
    await page.getByRole("button", { name: "tags.rank", exact: true }).click();
    await expect(page).toHaveURL(/sort=tags\.rank/);
    await expect.poll(() => rowIds(page)).toEqual(ids);
    await expect(rows(page).first().locator("td").nth(7)).toHaveText("0");

    // The URL alone restores the view in a fresh page.
    const url = page.url();
    const other = await page.context().newPage();
    await other.goto(url);
    await expect(other.getByLabel(/^Query/)).toHaveValue(WHERE);
    await expect(other.getByRole("columnheader", { name: "tags.rank" })).toBeVisible();
    await expect.poll(() => rowIds(other)).toEqual(ids);
    await other.close();

    // Facet: click beta narrows the query.
    await page.getByRole("region", { name: "Tag facets" }).getByRole("button", { name: /^beta/ }).click();
    await expect(rows(page)).toHaveCount(2);
    await expect(query).toHaveValue(`(${WHERE}) AND tags.site = 'beta'`);
  });

  test("follows changes live: a tag written through the API appears without a reload", async ({ page, request }) => {
    await page.goto(`/devices?q=${encodeURIComponent(WHERE)}&col=tags.site`);
    const row = rows(page).filter({ hasText: ids[3]! });
    await expect(row).toContainText("beta");
    const patched = await request.patch(`/api/twins/${ids[3]}`, { headers: { ...ownerHeaders(), "if-match": "*" }, data: { tags: { site: "gamma" } } });
    expect(patched.status()).toBe(200);
    await expect(row).toContainText("gamma", { timeout: 15_000 });
    await request.patch(`/api/twins/${ids[3]}`, { headers: { ...ownerHeaders(), "if-match": "*" }, data: { tags: { site: "beta" } } });
  });

  test("a lost live connection shows a banner, and what changed meanwhile arrives after the reconnect", async ({ page, request }) => {
    // Playwright sits between the page and the Socket.IO server: it can drop the connection and
    // refuse reconnects for a while, as a network outage would.
    let blocked = false;
    const open: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (blocked) return void ws.close();
      open.push(ws);
      ws.connectToServer();
    });
    await page.goto(`/devices?q=${encodeURIComponent(WHERE)}&col=tags.site`);
    const row = rows(page).filter({ hasText: ids[2]! });
    await expect(row).toContainText("beta");
    // Drop the connection once it is up (the header's dot says so), as an outage would.
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
    expect(open.length).toBeGreaterThan(0);

    blocked = true;
    for (const ws of open.splice(0)) await ws.close();
    await expect(page.getByTestId("live-offline")).toBeVisible();
    const patched = await request.patch(`/api/twins/${ids[2]}`, { headers: { ...ownerHeaders(), "if-match": "*" }, data: { tags: { site: "delta" } } });
    expect(patched.status()).toBe(200);

    blocked = false;
    await expect(page.getByTestId("live-offline")).toBeHidden({ timeout: 20_000 });
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
    await expect(row).toContainText("delta", { timeout: 15_000 });
    await request.patch(`/api/twins/${ids[2]}`, { headers: { ...ownerHeaders(), "if-match": "*" }, data: { tags: { site: "beta" } } });
  });

  test("what changed before the live connection came up is on the page once it is up", async ({ page, request }) => {
    // Hold the page's socket in CONNECTING (a slow network) while the page has loaded its rows.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await page.routeWebSocket(/\/socket\.io\//, async (ws) => {
      await gate;
      ws.connectToServer();
    });
    await page.goto(`/devices?q=${encodeURIComponent(WHERE)}&col=tags.site`);
    const row = rows(page).filter({ hasText: ids[1]! });
    await expect(row).toContainText("alpha");
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "connecting");
    const patched = await request.patch(`/api/twins/${ids[1]}`, { headers: { ...ownerHeaders(), "if-match": "*" }, data: { tags: { site: "omega" } } });
    expect(patched.status()).toBe(200);

    release();
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
    await expect(row).toContainText("omega", { timeout: 15_000 });
    await request.patch(`/api/twins/${ids[1]}`, { headers: { ...ownerHeaders(), "if-match": "*" }, data: { tags: { site: "alpha" } } });
  });

  test("saves a view and opens it again", async ({ page }) => {
    await page.goto(`/devices?q=${encodeURIComponent(`${WHERE} AND tags.site = 'alpha'`)}`);
    await expect(rows(page)).toHaveCount(2);
    const name = `alpha ${run}`;
    await page.getByLabel("View name").fill(name);
    await page.getByRole("button", { name: "Save view" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Saved view “${name}”` })).toBeVisible();

    await page.goto("/devices");
    await page.getByLabel("Saved views").selectOption({ label: name });
    await expect(page).toHaveURL(/tags\.site/);
    await expect(rows(page)).toHaveCount(2);
  });

  test("patches tags on every matching device: dry run, then apply with progress", async ({ page }) => {
    await page.goto(`/devices?q=${encodeURIComponent(WHERE)}&col=tags.owner`);
    await expect(rows(page)).toHaveCount(4);
    await page.getByRole("button", { name: "Patch tags on all 4 matching" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Tag patch/).fill(`{ "owner": "${run}-team" }`);
    await dialog.getByRole("button", { name: "Dry run" }).click();
    await expect(dialog.getByTestId("dry-run")).toContainText("4 matching: 4 would change");
    await expect(dialog.getByTestId("dry-run")).toContainText(`{"owner":"${run}-team"}`);
    await dialog.getByRole("button", { name: "Apply to 4 devices" }).click();
    await expect(dialog.getByTestId("bulk-progress")).toContainText("Done. 4 of 4 processed, 4 changed");
    await expect(page.getByRole("status").filter({ hasText: "Tags patched on 4 devices" })).toBeVisible();
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(rows(page).locator("td").filter({ hasText: `${run}-team` })).toHaveCount(8); // tags chip + tags.owner column
  });

  test("creates an edge device and deletes it after the impact preview", async ({ page }) => {
    const id = `${run}-new`;
    await page.goto(`/devices?q=${encodeURIComponent(`deviceId = '${id}'`)}`);
    await expect(page.getByText("No device matches.")).toBeVisible();
    await page.getByRole("button", { name: "Create device" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Device id").fill(id);
    await dialog.getByLabel(/IoT Edge device/).check();
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Created edge device ${id}` })).toBeVisible();
    await expect(rows(page)).toHaveCount(1);

    await page.getByRole("button", { name: `Delete ${id}` }).click();
    const confirm = page.getByRole("dialog", { name: `Delete ${id}?` });
    await expect(confirm.getByTestId("delete-impact")).toContainText("2 module identities will be removed");
    await expect(confirm.getByTestId("delete-impact")).toContainText("$edgeAgent");
    await expect(confirm.getByTestId("delete-impact")).toContainText("0 deployments target it.");
    await confirm.getByRole("button", { name: "Delete device" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Deleted ${id}` })).toBeVisible();
    await expect(page.getByText("No device matches.")).toBeVisible();
  });
});
