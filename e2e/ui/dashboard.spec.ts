import { expect, ownerHeaders, test } from "../fixtures";
import { ADMIN, createEdgeDevice, reportAsAgent, signIn, uniqueId } from "./support/console";

/**
 * The home dashboard and the shell: numbers from a fleet this spec builds over MQTT, a reported
 * change arriving live, the command palette by keyboard, the theme choice surviving a reload.
 */
test.describe("dashboard and shell", () => {
  test("dashboard numbers reflect the fleet, and a reported change updates them live", async ({ page, request, baseURL }) => {
    const moduleName = uniqueId("dash-mod").replace(/-/g, "_");
    const [a, b] = [uniqueId("dash-a"), uniqueId("dash-b")];
    const keys = { [a]: await createEdgeDevice(request, a), [b]: await createEdgeDevice(request, b) };
    const running = { status: "running", runtimeStatus: "running", settings: { image: "demo:1" } };
    for (const id of [a, b]) await reportAsAgent(baseURL!, id, keys[id]!, { lastDesiredStatus: { code: 200 }, modules: { [moduleName]: running } });

    await signIn(page, ADMIN);
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Fleet health" })).toBeVisible();
    const modules = page.getByRole("region", { name: "Modules by runtime status" });
    await expect(modules.getByRole("link", { name: `${moduleName} 2` })).toBeVisible();
    // The number links to the device list filtered to exactly these devices.
    const href = await modules.getByRole("link", { name: `${moduleName} 2` }).getAttribute("href");
    expect(new URL(href!, baseURL).searchParams.get("q")).toBe(
      `moduleId = '$edgeAgent' AND properties.reported.modules.${moduleName}.runtimeStatus = 'running'`,
    );
    const code500 = page.getByTestId("runtime-code-500");
    const before500 = (await code500.count()) ? Number(await code500.textContent()) : 0;
    // Other specs add devices meanwhile: the page's total catches up with the API's (live, no reload).
    await expect
      .poll(async () => {
        const api = await (await request.get("/api/statistics/fleet", { headers: ownerHeaders() })).json();
        return Number(await page.getByTestId("stat-total").textContent()) === api.devices.total;
      })
      .toBe(true);

    // A runtime reports a failed deployment and a crashing module while the page stays open.
    await reportAsAgent(baseURL!, b, keys[b]!, {
      lastDesiredStatus: { code: 500, description: "The operation was canceled" },
      modules: { [moduleName]: { runtimeStatus: "backoff", exitCode: 139, statusDescription: "Error", restartCount: 1 } },
    });
    const failing = page.getByTestId("failing-modules").getByRole("row").filter({ hasText: `${b}/${moduleName}` });
    await expect(failing).toContainText("backoff");
    await expect(failing).toContainText("Error (exit 139)");
    await expect(failing).toContainText("offline");
    await expect(modules.getByRole("link", { name: `${moduleName} 1` }).first()).toBeVisible();
    await expect(code500).toHaveText(String(before500 + 1));
    await expect(page.getByTestId("failing-runtimes").getByRole("row").filter({ hasText: b })).toContainText("500 Failed");
    await expect(page.getByTestId("deployments-empty")).toBeVisible();
  });

  test("the command palette jumps to a device by id with the keyboard", async ({ page, request }) => {
    const deviceId = uniqueId("palette");
    expect((await request.put(`/api/devices/${deviceId}`, { headers: ownerHeaders(), data: { deviceId } })).status()).toBe(200);
    await signIn(page, ADMIN);
    await page.goto("/audit");
    const input = page.getByRole("combobox", { name: /Search devices and modules/ });
    // The shortcut works once the page has hydrated; on a loaded machine that can trail `load`.
    await expect(async () => {
      if (!(await input.isVisible())) await page.keyboard.press("Control+k");
      await expect(input).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(input).toBeFocused();
    await page.keyboard.type(deviceId.slice(0, -2));
    const option = page.getByRole("option", { name: new RegExp(deviceId) });
    await expect(option).toBeVisible();
    await expect(option).toHaveAttribute("aria-selected", "true");
    await expect(input).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id"))!);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/devices/${deviceId}$`));
    await expect(page.getByRole("heading", { name: deviceId })).toBeVisible();
    await expect(page.getByRole("link", { name: "Devices" })).toHaveAttribute("aria-current", "page");

    // Actions by keyboard: arrows move, Escape closes.
    await page.keyboard.press("Control+k");
    await page.keyboard.type("go to");
    await expect(page.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("option").nth(1)).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Escape");
    await expect(input).toBeHidden();
  });

  test("the theme choice persists across reloads, and the skip link leads to the content", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await signIn(page, ADMIN);
    await page.goto("/");
    const isDark = () => page.evaluate(() => document.documentElement.classList.contains("dark"));
    await page.evaluate(() => localStorage.removeItem("edgedeck-theme"));
    await page.reload();
    expect(await isDark()).toBe(false);
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    expect(await isDark()).toBe(true);
    await page.reload();
    // Applied by the boot script before hydration: already dark when the DOM is parsed.
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
    await expect(page.getByRole("button", { name: "Switch to light theme" })).toBeVisible();
    await page.getByRole("button", { name: "Switch to light theme" }).click();
    await page.reload();
    expect(await isDark()).toBe(false);

    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
    await expect(page.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
  });

  test("the shell and dashboard fit a 1280 px laptop and a 1024 px screen without sideways scrolling", async ({ page }, testInfo) => {
    await signIn(page, ADMIN);
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto("/");
      await expect(page.getByRole("heading", { name: "Fleet health" })).toBeVisible();
      await expect(page.getByTestId("stat-total")).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
      for (const name of ["Sign out", "Switch to dark theme"]) await expect(page.getByRole("button", { name })).toBeInViewport();
      await page.screenshot({ path: testInfo.outputPath(`dashboard-${width}.png`), fullPage: true });
    }
  });
});
