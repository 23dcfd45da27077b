import { expect, test } from "../fixtures";

test("home page renders in Chromium without console errors", async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));

  const response = await page.goto("/");
  expect(response?.ok()).toBe(true);
  await expect(page.getByRole("heading", { name: /EdgeDeck/ }).first()).toBeVisible();
  // Hydration errors and failed client fetches are reported just after load.
  await page.waitForLoadState("load");
  await page.waitForTimeout(1000);

  const screenshot = testInfo.outputPath("home.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach("home", { path: screenshot, contentType: "image/png" });

  expect(errors).toEqual([]);
});
