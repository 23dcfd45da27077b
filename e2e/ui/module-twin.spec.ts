import type { Page } from "@playwright/test";
import { createOperator, expect, ownerHeaders, signIn, test, type Operator } from "../fixtures";

/**
 * The module page's twin editor in Chromium: typing into Monaco with live twin-rule checks, the
 * review diff and save, history and revert, the 412 conflict path with a concurrent API write and
 * the rebase, live updates while the page is open, and the read-only viewer.
 */
test.describe.serial("module twin editor", () => {
  // Sign-in, the first Monaco load and several saves: more than the default 30 s on a busy machine.
  test.setTimeout(180_000);
  const deviceId = `twin-ui-${Date.now().toString(36)}`;
  const moduleId = "filter";
  const twinUrl = `/api/twins/${deviceId}/modules/${moduleId}`;
  let operator: Operator;
  let viewer: Operator;

  test.beforeAll(async ({ request, browser, baseURL }) => {
    expect((await request.put(`/api/devices/${deviceId}`, { headers: ownerHeaders(), data: { deviceId } })).status()).toBe(200);
    const module = await request.put(`/api/devices/${deviceId}/modules/${moduleId}`, { headers: ownerHeaders(), data: { deviceId, moduleId } });
    expect(module.status()).toBe(201);
    operator = await createOperator(browser, baseURL!, "operator");
    viewer = await createOperator(browser, baseURL!, "viewer");
  });

  const desiredEditor = (page: Page) => page.getByRole("region", { name: "Desired properties editor" });

  /** Real keyboard input: focus Monaco, select all, type the text in. */
  async function typeDesired(page: Page, text: string) {
    await desiredEditor(page).locator(".view-lines").click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(text);
  }

  async function desiredViaApi(request: import("@playwright/test").APIRequestContext) {
    const twin = await (await request.get(twinUrl, { headers: ownerHeaders() })).json();
    const { $version: _v, $metadata: _m, ...desired } = twin.properties.desired;
    return { desired, etag: twin.etag as string, version: twin.version as number };
  }

  async function openModule(page: Page, who: Operator) {
    await signIn(page, who);
    await page.goto(`/devices/${deviceId}/modules/${moduleId}`);
    await expect(page.getByRole("heading", { name: moduleId, exact: true })).toBeVisible();
    await expect(page.getByTestId("module-generation-id")).not.toBeEmpty();
    await expect(desiredEditor(page).locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
  }

  test("edit desired in Monaco with live checks, review the diff, save", async ({ page, request }) => {
    await openModule(page, operator);
    await expect(page.getByTestId("module-connection")).toContainText(/Never connected|Offline since/);

    // A key with a space breaks the twin rules: message, Save disabled, a marker in the editor.
    await typeDesired(page, '{ "bad key": 1 }');
    await expect(page.getByTestId("desired-problem")).toContainText("bad key: property names must not contain a space");
    await expect(desiredEditor(page).locator(".squiggly-error")).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Save…" })).toBeDisabled();

    await typeDesired(page, '{ "telemetryInterval": 15, "mode": "eco" }');
    await expect(page.getByTestId("desired-problem")).toHaveText("Valid: follows the twin rules");
    // telemetryInterval (17) + 8 for a number, mode (4) + eco (3).
    await expect(page.getByTestId("desired-bytes")).toHaveText("32 / 32,768 bytes");
    await expect(desiredEditor(page).locator(".squiggly-error")).toHaveCount(0);

    await page.getByRole("button", { name: "Save…" }).click();
    const review = page.getByRole("region", { name: "Review changes" });
    await expect(review.locator(".monaco-diff-editor")).toBeVisible();
    await expect(review.locator(".modified-in-monaco-diff-editor")).toContainText("telemetryInterval");
    await review.getByRole("button", { name: "Confirm save" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved desired properties (twin version 2)" })).toBeVisible();
    expect((await desiredViaApi(request)).desired).toEqual({ telemetryInterval: 15, mode: "eco" });
  });

  test("history shows the revision with its diff; revert writes a new revision", async ({ page, request }) => {
    // A second write from automation, so that there is something to revert.
    const patched = await request.patch(twinUrl, { headers: { ...ownerHeaders(), "if-match": "*" }, data: { properties: { desired: { mode: "turbo" } } } });
    expect(patched.status()).toBe(200);
    await openModule(page, operator);
    await page.getByRole("tab", { name: "History" }).click();

    const newest = page.getByTestId("revision-3");
    await expect(newest).toContainText("policy:iothubowner");
    await expect(newest.locator(".monaco-diff-editor")).toBeVisible();
    const saved = page.getByTestId("revision-2");
    await expect(saved).toContainText(`user:${operator.username}`);
    await saved.getByRole("button", { name: "Revision 2" }).click();
    await expect(saved.locator(".modified-in-monaco-diff-editor")).toContainText("telemetryInterval");

    await saved.getByRole("button", { name: "Revert…" }).click();
    await saved.getByRole("button", { name: "Confirm revert to 2" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Reverted to revision 2: saved as revision 4" })).toBeVisible();
    await expect(page.getByTestId("revision-4")).toContainText(`user:${operator.username}`);
    expect((await desiredViaApi(request)).desired).toEqual({ telemetryInterval: 15, mode: "eco" });
  });

  test("a concurrent API write: save is refused, the conflict view rebases the draft, save succeeds", async ({ page, request }) => {
    const put = await request.put(twinUrl, { headers: { ...ownerHeaders(), "if-match": "*" }, data: { properties: { desired: { a: 1, b: 1 } } } });
    expect(put.status()).toBe(200);
    await openModule(page, operator);
    await expect(desiredEditor(page)).toContainText('"b": 1');

    await typeDesired(page, '{ "a": 2, "b": 1 }');
    await expect(page.getByRole("button", { name: "Save…" })).toBeEnabled();
    // Someone else writes meanwhile; the open page learns of it live.
    const other = await request.patch(twinUrl, { headers: { ...ownerHeaders(), "if-match": "*" }, data: { properties: { desired: { b: 5, c: 9 } } } });
    expect(other.status()).toBe(200);
    await expect(page.getByTestId("twin-changed-banner")).toContainText("changed while you were editing");

    // Save anyway: refused with 412, nothing overwritten, the three versions shown.
    await page.getByRole("button", { name: "Save…" }).click();
    await page.getByRole("button", { name: "Confirm save" }).click();
    const conflict = page.getByRole("region", { name: "Conflicting changes" });
    await expect(conflict).toContainText("Someone else changed this twin");
    await expect(page.getByRole("alert").filter({ hasText: "the twin changed since you loaded it" })).toBeVisible();
    expect((await desiredViaApi(request)).desired).toEqual({ a: 1, b: 5, c: 9 });

    await conflict.getByRole("button", { name: "Rebase my draft onto current" }).click();
    await expect(desiredEditor(page)).toContainText('"c": 9');
    await expect(page.getByTestId("twin-changed-banner")).toHaveCount(0);
    await page.getByRole("button", { name: "Save…" }).click();
    await page.getByRole("button", { name: "Confirm save" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved desired properties" })).toBeVisible();
    expect((await desiredViaApi(request)).desired).toEqual({ a: 2, b: 5, c: 9 });
  });

  test("a change made through the API while the page is open appears live", async ({ page, request }) => {
    await openModule(page, operator);
    await page.getByRole("tab", { name: "History" }).click();
    const before = await desiredViaApi(request);
    const patched = await request.patch(twinUrl, { headers: { ...ownerHeaders(), "if-match": "*" }, data: { properties: { desired: { live: "yes" } } } });
    expect(patched.status()).toBe(200);
    // The history gains the revision without a reload…
    await expect(page.getByTestId(`revision-${before.version + 1}`)).toContainText("policy:iothubowner");
    // …and the editor, having no draft, shows the new desired properties.
    await page.getByRole("tab", { name: "Twin" }).click();
    await expect(desiredEditor(page)).toContainText('"live": "yes"');
    await expect(page.getByTestId("twin-changed-banner")).toHaveCount(0);
  });

  test("a viewer sees the twin and its history read-only", async ({ page }) => {
    await openModule(page, viewer);
    await expect(page.getByText("Read-only for your role")).toBeVisible();
    await expect(page.getByRole("button", { name: "Save…" })).toHaveCount(0);
    await expect(desiredEditor(page).getByTestId(/json-editor-/)).toHaveAttribute("data-readonly", "true");
    // Typing changes nothing.
    await desiredEditor(page).locator(".view-lines").click();
    await page.keyboard.insertText("typed by a viewer");
    await expect(desiredEditor(page)).not.toContainText("typed by a viewer");
    // No credentials for a viewer.
    await expect(page.getByText("Primary key")).toHaveCount(0);
    await page.getByRole("tab", { name: "History" }).click();
    await expect(page.getByTestId("revision-2")).toBeVisible();
    await expect(page.getByRole("button", { name: "Revert…" })).toHaveCount(0);
  });
});
