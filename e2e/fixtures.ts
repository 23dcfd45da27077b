import { createHmac } from "node:crypto";
import { expect } from "@playwright/test";

export { expect, test } from "@playwright/test";

/** The hub host name the server signs its audience with (HUB_HOSTNAME, default `localhost`). */
export const HUB_HOSTNAME = "localhost";

/**
 * An `Authorization` value for the iothubowner policy, signed with the key playwright.config.ts
 * gave the server (EDGEDECK_OWNER_KEY): IoT Hub's SAS format, HMAC-SHA256 over
 * `${urlencoded resource}\n${expiry}` keyed with the base64-decoded policy key.
 */
export function ownerAuthHeader(options: { ttlSeconds?: number; resource?: string } = {}): string {
  const key = process.env.EDGEDECK_OWNER_KEY;
  if (!key) throw new Error("EDGEDECK_OWNER_KEY is not set: run the e2e tests through playwright.config.ts");
  const resource = encodeURIComponent(options.resource ?? HUB_HOSTNAME);
  const expiry = Math.floor(Date.now() / 1000) + (options.ttlSeconds ?? 3600);
  const signature = createHmac("sha256", Buffer.from(key, "base64")).update(`${resource}\n${expiry}`).digest("base64");
  return `SharedAccessSignature sr=${resource}&sig=${encodeURIComponent(signature)}&se=${expiry}&skn=iothubowner`;
}

/** Headers for an owner-authorised API request. */
export function ownerHeaders(): Record<string, string> {
  return { Authorization: ownerAuthHeader() };
}

type Page = import("@playwright/test").Page;
export type Operator = { username: string; password: string };

/** The admin that operator-access.spec.ts creates through the one-time setup (project "ui-first-run"). */
export const FIRST_ADMIN: Operator = { username: "admin", password: "correct horse battery staple" };

/** Signs in through the login page and waits for the shell. */
export async function signIn(page: Page, who: Operator): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(who.username);
}

/**
 * A fresh operator of `role`, created by FIRST_ADMIN through the users API (in a throwaway browser
 * context, so the caller's page stays signed out). Names are unique per call.
 */
export async function createOperator(browser: import("@playwright/test").Browser, baseURL: string, role: "viewer" | "operator" | "admin"): Promise<Operator> {
  const who = { username: `${role}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, password: `pw ${role} ${Date.now()} long enough` };
  const context = await browser.newContext({ baseURL });
  try {
    const headers = { origin: baseURL };
    const login = await context.request.post("/api/auth/login", { headers, data: FIRST_ADMIN });
    expect(login.status(), await login.text()).toBe(200);
    const created = await context.request.post("/api/users", { headers, data: { ...who, role } });
    expect(created.status(), await created.text()).toBe(201);
  } finally {
    await context.close();
  }
  return who;
}
