import { startTestRegistry, type TestRegistry } from "../../scripts/test-registry.mjs";
import { createOperator, expect, FIRST_ADMIN, signIn, test } from "../fixtures";

/**
 * The registries page in Chromium against a real docker-registry (htpasswd basic auth) started by
 * this spec on loopback: an admin adds it, tests it, browses to a tag and reads its digest and
 * platforms; a viewer sees the sources read-only; the admin removes it.
 */
let registry: TestRegistry;
let digest: string;
const name = `e2e-reg-${Date.now().toString(36)}`;

test.describe.serial("registries page", () => {
  test.beforeAll(async () => {
    test.setTimeout(60_000);
    registry = await startTestRegistry({ auth: "htpasswd", username: "e2e-reader", password: "pw-e2e-registry-1" });
    digest = await registry.pushImage({
      repository: "e2e/sensor",
      tag: "1.2.3",
      platforms: ["linux/amd64", "linux/arm64"],
      format: "oci",
      labels: { "org.opencontainers.image.description": "E2E sensor" },
      exposedPorts: ["8080/tcp"],
      env: ["MODE=e2e"],
    });
    await registry.pushImage({ repository: "e2e/other", tag: "latest" });
  });

  test.afterAll(async () => {
    await registry?.stop();
  });

  test("an admin adds the registry, tests it and browses to a tag's details", async ({ page }) => {
    await signIn(page, FIRST_ADMIN);
    await page.goto("/registries");
    await expect(page.getByRole("heading", { name: "Registries", level: 1 })).toBeVisible();
    // The built-in catalog is there with no registry configured.
    await expect(page.getByRole("list", { name: "Registry sources" }).getByRole("button", { name: /Built-in catalog/ })).toBeVisible();

    const form = page.getByRole("form", { name: "Add a registry source" });
    await form.getByLabel(/^Name/).fill(name);
    await form.getByLabel(/^URL/).fill("ftp://nope");
    await form.getByRole("button", { name: "Add source" }).click();
    await expect(form.getByLabel(/^URL/)).toHaveAttribute("aria-invalid", "true");

    await form.getByLabel(/^URL/).fill(registry.url);
    await form.getByLabel("Username (optional)").fill(registry.username);
    await form.getByLabel("Password or token (optional)").fill(registry.password);
    await form.getByRole("button", { name: "Add source" }).click();
    await expect(page.getByRole("heading", { name, level: 2 })).toBeVisible();

    await page.getByRole("button", { name: `Test ${name}` }).click();
    await expect(page.getByText("Reachable (basic)")).toBeVisible();

    const repositories = page.getByRole("region", { name: "Repositories" });
    await expect(repositories.getByRole("button", { name: "e2e/other" })).toBeVisible();
    await repositories.getByRole("searchbox").fill("sensor");
    await expect(repositories.getByRole("button", { name: "e2e/other" })).toHaveCount(0);
    // Keyboard: focus the repository and choose it with Enter.
    await repositories.getByRole("button", { name: "e2e/sensor" }).focus();
    await page.keyboard.press("Enter");

    const tags = page.getByRole("region", { name: "Tags of e2e/sensor" });
    await tags.getByRole("button", { name: "1.2.3" }).click();
    const details = page.getByRole("region", { name: "Image details" });
    await expect(details.getByTestId("image-digest")).toHaveText(digest);
    await expect(details.getByText(`${registry.host}/e2e/sensor:1.2.3`)).toBeVisible();
    await expect(details.getByRole("list", { name: "Platforms" })).toContainText("linux/amd64");
    await expect(details.getByRole("list", { name: "Platforms" })).toContainText("linux/arm64");
    await expect(details.getByRole("list", { name: "Environment" })).toContainText("MODE=e2e");
    await expect(details).toContainText("8080/tcp");
    await expect(details).toContainText("E2E sensor");

    // A tag pushed after the first read appears after Refresh.
    await registry.pushImage({ repository: "e2e/sensor", tag: "1.3.0" });
    await expect(tags.getByRole("button", { name: "1.3.0" })).toHaveCount(0);
    await tags.getByRole("button", { name: "Refresh tags of e2e/sensor" }).click();
    await expect(tags.getByRole("button", { name: "1.3.0" })).toBeVisible();
  });

  test("a viewer sees the sources read-only; the admin removes the registry", async ({ page, browser, baseURL }) => {
    const viewer = await createOperator(browser, baseURL!, "viewer");
    await signIn(page, viewer);
    await page.goto("/registries");
    await expect(page.getByRole("button", { name: new RegExp(name) })).toBeVisible();
    await expect(page.getByRole("form", { name: "Add a registry source" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: `Remove ${name}` })).toHaveCount(0);
    await expect(page.getByText("Only admins can add or remove registry sources.")).toBeVisible();

    await page.context().clearCookies();
    await signIn(page, FIRST_ADMIN);
    await page.goto("/registries");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: `Remove ${name}` }).click();
    await expect(page.getByRole("button", { name: new RegExp(name) })).toHaveCount(0);
  });
});
