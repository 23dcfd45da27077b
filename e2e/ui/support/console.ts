import { createHmac, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, FIRST_ADMIN as ADMIN, HUB_HOSTNAME, ownerHeaders, signIn } from "../../fixtures";

export { ADMIN, signIn };

/**
 * Console helpers for UI specs: sign-in as the admin that operator-access.spec.ts creates through the
 * setup page (the "ui-first-run" project runs first), users of other roles created by that admin, edge
 * devices from the owner policy, and module sessions (`$edgeAgent`, `$edgeHub`) that report properties
 * over MQTT-over-WebSocket exactly as a runtime would.
 */

const require = createRequire(import.meta.url);
const mqtt = require("mqtt") as typeof import("mqtt");

export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomBytes(2).toString("hex")}`;

/** A user of `role`, created by the admin over the API (the page is left signed in as the admin). */
export async function createUser(page: Page, baseURL: string, role: "viewer" | "operator" | "admin") {
  const user = { username: uniqueId(role).toLowerCase(), password: `pw-${randomBytes(12).toString("hex")}` };
  await signIn(page, ADMIN);
  const res = await page.request.post("/api/users", { data: { ...user, role }, headers: { origin: baseURL } });
  expect(res.status(), await res.text()).toBe(201);
  await page.context().clearCookies();
  return user;
}

/** An edge device whose `$edgeAgent` has SAS keys (the hub creates it with authentication `none`). */
export async function createEdgeDevice(request: APIRequestContext, deviceId: string) {
  const created = await request.put(`/api/devices/${encodeURIComponent(deviceId)}`, {
    headers: ownerHeaders(),
    data: { deviceId, capabilities: { iotEdge: true } },
  });
  expect(created.status(), await created.text()).toBe(200);
  const agent = await request.put(`/api/devices/${encodeURIComponent(deviceId)}/modules/%24edgeAgent`, {
    headers: { ...ownerHeaders(), "If-Match": "*" },
    data: { deviceId, moduleId: "$edgeAgent", authentication: { type: "sas" } },
  });
  expect(agent.status(), await agent.text()).toBe(200);
  return (await agent.json()).authentication.symmetricKey.primaryKey as string;
}

/** Sets `$edgeAgent` desired (the deployment's part the modules table compares against). */
export async function setAgentDesired(request: APIRequestContext, deviceId: string, desired: Record<string, unknown>) {
  const res = await request.patch(`/api/twins/${encodeURIComponent(deviceId)}/modules/%24edgeAgent`, {
    headers: { ...ownerHeaders(), "If-Match": "*" },
    data: { properties: { desired } },
  });
  expect(res.status(), await res.text()).toBe(200);
}

function moduleToken(deviceId: string, moduleId: string, key: string) {
  const resource = encodeURIComponent(`${HUB_HOSTNAME}/devices/${deviceId}/modules/${moduleId}`);
  const expiry = Math.floor(Date.now() / 1000) + 3600;
  const sig = createHmac("sha256", Buffer.from(key, "base64")).update(`${resource}\n${expiry}`).digest("base64");
  return `SharedAccessSignature sr=${resource}&sig=${encodeURIComponent(sig)}&se=${expiry}`;
}

export type ModuleSession = Awaited<ReturnType<typeof mqtt.connectAsync>>;

/** An MQTT-over-WebSocket session as one of the device's modules (`$edgeAgent`, `$edgeHub`…), held open until ended. */
export async function connectModule(baseURL: string, deviceId: string, moduleId: string, key: string): Promise<ModuleSession> {
  const clientId = `${deviceId}/${moduleId}`;
  const client = await mqtt.connectAsync(`${baseURL.replace(/^http/, "ws")}/$iothub/websocket`, {
    clientId,
    username: `${HUB_HOSTNAME}/${clientId}/?api-version=2021-04-12`,
    password: moduleToken(deviceId, moduleId, key),
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  await client.subscribeAsync("$iothub/twin/res/#");
  return client;
}

/** One reported patch on an open session; resolves on the hub's 204 for it. */
export async function report(client: ModuleSession, patch: Record<string, unknown>) {
  const rid = randomBytes(3).toString("hex");
  const answered = new Promise<string>((resolve) => client.on("message", (topic) => topic.includes(`$rid=${rid}`) && resolve(topic)));
  await client.publishAsync(`$iothub/twin/PATCH/properties/reported/?$rid=${rid}`, JSON.stringify(patch));
  expect(await answered).toMatch(/^\$iothub\/twin\/res\/204\//);
}

/** Connects as the module, sends one reported patch, waits for the hub's 204 and disconnects. */
export async function reportAsModule(baseURL: string, deviceId: string, moduleId: string, key: string, patch: Record<string, unknown>) {
  const client = await connectModule(baseURL, deviceId, moduleId, key);
  try {
    await report(client, patch);
  } finally {
    await client.endAsync(true);
  }
}

/** `$edgeAgent` reported properties, as a runtime sends them. */
export const reportAsAgent = (baseURL: string, deviceId: string, key: string, patch: Record<string, unknown>) =>
  reportAsModule(baseURL, deviceId, "$edgeAgent", key, patch);
