import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, policyKey, sasToken, setupPolicies } from "./support/api";
import {
  AUTHENTICATED_ENDPOINTS,
  expectNothingWritten,
  SERVICE_ENDPOINTS,
  headersFor,
  makeFixture,
  type Endpoint,
  type Fixture,
} from "./support/endpoints";

/**
 * Hub-level SAS authentication and policy rights (reference §3.1-3.3) on every authenticated
 * endpoint: a bad token is 401 IotHubUnauthorizedAccess and changes nothing; each default policy can
 * do exactly what its rights allow.
 */
let f: Fixture;
beforeAll(async () => {
  await setupPolicies();
  f = await makeFixture();
});

const randomKey = () => randomBytes(32).toString("base64");
const replaceField = (token: string, field: string, value: string) => token.replace(new RegExp(`${field}=[^&]*`), `${field}=${value}`);

const badTokens: Array<[string, () => Promise<string | null>]> = [
  ["no Authorization header", async () => null],
  ["a bare word", async () => "garbage"],
  ["SharedAccessSignature garbage", async () => "SharedAccessSignature garbage"],
  ["a Bearer token", async () => "Bearer eyJhbGciOiJub25lIn0.e30."],
  ["Basic credentials", async () => "Basic dXNlcjpwYXNz"],
  ["the wrong key", async () => sasToken({ key: randomKey() })],
  ["an expired token (se 400 s ago, beyond the 5-minute skew)", async () => sasToken({ ttlSeconds: -400 })],
  ["an unknown policy", async () => sasToken({ policy: "nobody", key: randomKey() })],
  ["the service key under skn=iothubowner", async () => sasToken({ policy: "iothubowner", key: await policyKey("service") })],
  ["another hub's audience", async () => sasToken({ resource: "evil.azure-devices.net" })],
  ["a device audience on another host", async () => sasToken({ resource: "evil.example/devices/x" })],
  ["a tampered expiry", async () => replaceField(await sasToken(), "se", String(Math.floor(Date.now() / 1000) + 99_999))],
  ["a tampered signature", async () => replaceField(await sasToken(), "sig", encodeURIComponent(randomKey()))],
  ["no signature", async () => (await sasToken()).replace(/&?sig=[^&]*/, "")],
  ["no expiry", async () => (await sasToken()).replace(/&?se=[^&]*/, "")],
  ["a non-numeric expiry", async () => replaceField(await sasToken(), "se", "tomorrow")],
  ["a repeated sig field", async () => `${await sasToken()}&sig=${encodeURIComponent(randomKey())}`],
  ["a third whitespace-separated part", async () => `${await sasToken()} extra`],
  ["no skn", async () => (await sasToken()).replace(/&skn=[^&]*/, "")],
  ["a 10k-character token", async () => `SharedAccessSignature sr=localhost&sig=${"A".repeat(10_000)}&se=9999999999&skn=iothubowner`],
  ["an injection in skn", async () => replaceField(await sasToken(), "skn", encodeURIComponent("' OR 1=1 --"))],
];

const call = async (e: Endpoint, fixture: Fixture, authorization: string | null, policy?: string) =>
  callApi(e.method, e.path(fixture), {
    body: e.body?.(fixture),
    policy,
    headers: { ...headersFor(e), ...(policy ? {} : { authorization }) },
  });

describe.each(AUTHENTICATED_ENDPOINTS.map((e) => [e.name, e] as const))("%s", (_name, e) => {
  it.each(badTokens)("refuses %s with 401 IotHubUnauthorizedAccess", async (_case, token) => {
    const authorization = await token();
    await expectNothingWritten([f.deviceId, f.freshId], async () => {
      const res = await call(e, f, authorization);
      expect(res.status, res.text).toBe(401);
      expect(res.json.error.code).toBe("IotHubUnauthorizedAccess");
      expect(res.headers.get("iothub-errorcode")).toBe("IotHubUnauthorizedAccess");
      expect(res.json.Message).toMatch(/^ErrorCode:IotHubUnauthorizedAccess;/);
    });
    expect((await callApi("GET", `/api/devices/${encodeURIComponent(f.deviceId)}`)).status).toBe(200);
  });
});

describe("token lifetime", () => {
  it.each([
    ["expired 200 s ago (within the 5-minute skew)", -200, 200],
    ["expired 290 s ago", -290, 200],
    ["expiring in a year", 365 * 86400, 200],
    ["expired 310 s ago", -310, 401],
  ])("a token %s", async (_case, ttlSeconds, status) => {
    const res = await callApi("GET", `/api/twins/${encodeURIComponent(f.deviceId)}`, {
      headers: { authorization: await sasToken({ ttlSeconds }) },
    });
    expect(res.status).toBe(status);
  });

  it("accepts the secondary key and tokens whose fields come in another order", async () => {
    const policy = (await setupPolicies()).get("iothubowner")!;
    const secondary = await sasToken({ key: policy.secondaryKey });
    const [scheme, fields] = (await sasToken()).split(" ");
    const reordered = `${scheme} ${fields!.split("&").reverse().join("&")}`;
    for (const authorization of [secondary, reordered]) {
      const res = await callApi("GET", "/api/statistics/devices", { headers: { authorization } });
      expect(res.status).toBe(200);
    }
  });
});

/**
 * Which rights each endpoint needs, restated from reference §3.3 (not imported from lib/api, so a
 * change there is caught): registry CRUD needs RegistryRead/Write, twins and queries ServiceConnect,
 * and registryRead may also read twins and query.
 */
const NEEDS: Record<string, string[]> = {
  "list devices": ["registryRead"],
  statistics: ["registryRead"],
  "fleet statistics": ["serviceConnect", "registryRead"],
  "fleet data-loss risk": ["serviceConnect", "registryRead"],
  "search ids": ["registryRead"],
  query: ["serviceConnect", "registryRead"],
  "get device": ["registryRead"],
  "create device": ["registryWrite"],
  "delete device": ["registryWrite"],
  "list modules": ["registryRead"],
  "get module": ["registryRead"],
  "create module": ["registryWrite"],
  "delete module": ["registryWrite"],
  "device connection strings": ["registryRead"],
  "module connection strings": ["registryRead"],
  "regenerate device key": ["registryWrite"],
  "regenerate module key": ["registryWrite"],
  "get twin": ["serviceConnect", "registryRead"],
  "patch twin": ["serviceConnect"],
  "replace twin": ["serviceConnect"],
  "get module twin": ["serviceConnect", "registryRead"],
  "patch module twin": ["serviceConnect"],
  "replace module twin": ["serviceConnect"],
  "invoke device method": ["serviceConnect"],
  "invoke module method": ["serviceConnect"],
  "device messages": ["serviceConnect", "registryRead"],
  "device pending operations": ["serviceConnect", "registryRead"],
  "fleet pending operations": ["serviceConnect", "registryRead"],
  "device twin history": ["serviceConnect", "registryRead"],
  "module twin history": ["serviceConnect", "registryRead"],
  "revert device twin": ["serviceConnect"],
  "revert module twin": ["serviceConnect"],
  // The console's fleet browser: queries, twin writes and registry reads, by the same rights.
  "fleet page": ["serviceConnect", "registryRead"],
  "fleet summary": ["serviceConnect", "registryRead"],
  "bulk tags dry run": ["serviceConnect"],
  "bulk job": ["serviceConnect", "registryRead"],
  "delete impact": ["registryRead"],
  // Deployments: reads with the twin readers, writes with ServiceConnect (as IoT Hub's configurations).
  "list deployments": ["serviceConnect", "registryRead"],
  "get deployment": ["serviceConnect", "registryRead"],
  "create deployment": ["serviceConnect"],
  "delete deployment": ["serviceConnect"],
  "deployment devices": ["serviceConnect", "registryRead"],
  "validate deployment": ["serviceConnect", "registryRead"],
  "preview deployment": ["serviceConnect", "registryRead"],
  "test target condition": ["serviceConnect", "registryRead"],
  "effective configuration": ["serviceConnect", "registryRead"],
  "apply configuration content": ["serviceConnect"],
  "list registries": ["registryRead"],
  "registry repositories": ["registryRead"],
  "registry tags": ["registryRead"],
  "registry image": ["registryRead"],
  "search images": ["registryRead"],
};
const RIGHTS: Record<string, string[]> = {
  iothubowner: ["registryRead", "registryWrite", "serviceConnect", "deviceConnect"],
  service: ["serviceConnect"],
  device: ["deviceConnect"],
  registryRead: ["registryRead"],
  registryReadWrite: ["registryRead", "registryWrite"],
};
const matrix = Object.keys(RIGHTS).flatMap((policy) =>
  SERVICE_ENDPOINTS.map((e) => {
    const allowed = NEEDS[e.name]!.some((r) => RIGHTS[policy]!.includes(r));
    return [policy, e.name, allowed ? "allowed" : "denied", e] as const;
  }),
);

describe("policy rights", () => {
  it("every authenticated endpoint has a rights entry", () => {
    expect(Object.keys(NEEDS).sort()).toEqual(SERVICE_ENDPOINTS.map((e) => e.name).sort());
  });

  it.each(matrix)("%s: %s is %s", async (policy, _name, verdict, e) => {
    const fixture = await makeFixture();
    if (verdict === "allowed") {
      const res = await call(e, fixture, null, policy);
      expect(res.status, res.text).toBe(e.ok);
      return;
    }
    await expectNothingWritten([fixture.deviceId, fixture.freshId], async () => {
      const res = await call(e, fixture, null, policy);
      expect(res.status, res.text).toBe(401);
      expect(res.json.error.code).toBe("IotHubUnauthorizedAccess");
    });
  });
});
