import { io } from "socket.io-client";
import { expect, ownerHeaders, test } from "../fixtures";

/**
 * First-run setup, sign-in, sign-out, and a viewer who sees no Save button and is refused by the
 * API when trying anyway. Serial: the first test creates the admin the others use.
 */
test.describe.serial("operator access", () => {
  const admin = { username: "admin", password: "correct horse battery staple" };
  const viewer = { username: "vera", password: "viewer passphrase 42" };
  const deviceId = `ui-${Date.now().toString(36)}`;

  test.beforeAll(async ({ request }) => {
    const created = await request.put(`/api/devices/${deviceId}`, { headers: ownerHeaders(), data: { deviceId } });
    expect(created.status()).toBe(200);
  });

  async function signIn(page: import("@playwright/test").Page, who: { username: string; password: string }) {
    await page.goto("/login");
    await page.getByLabel("Username").fill(who.username);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("current-user")).toContainText(who.username);
  }

  test("first start shows the one-time setup page, which creates the admin", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/setup$/);
    await page.getByLabel("Username").fill(admin.username);
    await page.getByLabel("Password").fill("too short");
    await page.getByRole("button", { name: "Create admin account" }).click();
    await expect(page.locator("form").getByRole("alert")).toContainText("at least 12 characters");
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Create admin account" }).click();
    await expect(page.getByTestId("current-user")).toHaveText("admin · admin");
    // Setup is closed now.
    await page.goto("/setup");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("an admin adds a viewer in settings, then signs out", async ({ page }) => {
    await signIn(page, admin);
    await page.goto("/settings");
    const users = page.getByRole("region", { name: "Users" });
    await users.getByLabel("Username").fill(viewer.username);
    await users.getByLabel("Password").fill(viewer.password);
    await users.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByRole("status")).toContainText(`Created ${viewer.username}`);
    await expect(users.getByRole("cell", { name: viewer.username })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("a wrong password is refused with a clear message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Username").fill(viewer.username);
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Invalid username or password");
  });

  test("a viewer sees no Save button, and the API refuses the write anyway", async ({ page, baseURL }) => {
    await signIn(page, viewer);
    await page.goto(`/devices/${deviceId}`);
    await expect(page.getByRole("heading", { name: deviceId })).toBeVisible();
    await expect(page.getByText("Read-only for your role")).toBeVisible();
    await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
    // Settings shows no user or policy management to a viewer.
    await page.goto("/settings");
    await expect(page.getByRole("region", { name: "Users" })).toHaveCount(0);

    const write = await page.request.patch(`/api/twins/${deviceId}`, {
      headers: { origin: baseURL!, "if-match": "*" },
      data: { tags: { hacked: true } },
    });
    expect(write.status()).toBe(403);
    expect((await write.json()).error.code).toBe("Forbidden");
    const twin = await page.request.get(`/api/twins/${deviceId}`);
    expect((await twin.json()).tags).toEqual({});
  });

  test("an admin edits the twin in the console and the change is in the audit trail", async ({ page }) => {
    await signIn(page, admin);
    await page.goto(`/devices/${deviceId}`);
    const editor = page.getByLabel("Tags and desired properties (JSON)");
    await expect(editor).toHaveValue(/"tags"/);
    await editor.fill(JSON.stringify({ tags: { site: "ui-test" }, desired: { interval: 30 } }));
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("Saved");
    await page.goto(`/audit?targetId=${deviceId}`);
    const row = page.getByTestId("audit-row").filter({ hasText: "twin.replace" });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("user:admin");
    await row.getByRole("button", { name: "twin.replace" }).click();
    await expect(page.getByText('"ui-test"')).toBeVisible();
  });

  test("the session cookie opens a live socket from the console's origin, not from another", async ({ page, baseURL }) => {
    await signIn(page, viewer);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const connect = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(baseURL!, { transports: ["websocket"], extraHeaders: { cookie, origin }, reconnection: false, forceNew: true });
        socket.on("connect", () => {
          socket.close();
          resolve("connected");
        });
        socket.on("connect_error", (error) => {
          socket.close();
          resolve(error.message);
        });
      });
    expect(await connect(baseURL!)).toBe("connected");
    expect(await connect("https://evil.example")).toBe("Forbidden");
  });
});
