import { expect, ownerHeaders, test } from "../fixtures";

test("GET /api/health answers ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(await response.json()).toMatchObject({ status: "ok" });
});

test("GET /api/devices without credentials is 401 IotHubUnauthorizedAccess", async ({ request }) => {
  const response = await request.get("/api/devices");
  expect(response.status()).toBe(401);
  const body = await response.json();
  expect(body).toMatchObject({ error: { code: "IotHubUnauthorizedAccess" } });
  expect(typeof body.error.message).toBe("string");
});

test("GET /api/devices with the iothubowner SAS token lists devices", async ({ request }) => {
  const response = await request.get("/api/devices", { headers: ownerHeaders() });
  expect(response.status()).toBe(200);
  expect(Array.isArray(await response.json())).toBe(true);
});
