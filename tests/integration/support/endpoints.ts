import { expect } from "vitest";
import { getStore } from "@/lib/data/store";
import { callApi, countRows, createDevice, createModule, enc, ROUTES, routePattern, uniqueId, type RowCounts } from "./api";
import { baseManifest } from "./deployments";

/**
 * Every REST endpoint, with a request that would succeed for a fixture device and module. The
 * malformed-input and auth tests derive their bad requests from this table; `assertCoversAllRoutes`
 * fails when a route file exports a method that is missing here, so new endpoints cannot slip by.
 */
export type Fixture = { deviceId: string; moduleId: string; freshId: string };
export type Endpoint = {
  name: string;
  method: string;
  route: string;
  path: (f: Fixture) => string;
  body?: (f: Fixture) => Record<string, unknown>;
  /** Success status for the valid request (as the owner). */
  ok: number;
  public?: boolean;
  /**
   * Operator-console endpoints (sessions, users, policies, audit). Only the generic rules are checked
   * here (a bad token is 401 and writes nothing); their roles and bodies are tested with the console.
   */
  operator?: boolean;
};

/** Twin writes are sent with `If-Match: *` (the SDK always sends one); creates never are. */
export const headersFor = (e: Endpoint): Record<string, string> => (e.route.startsWith("/api/twins") ? { "if-match": "*" } : {});

const d = (f: Fixture) => `/api/devices/${enc(f.deviceId)}`;
const m = (f: Fixture) => `${d(f)}/modules/${enc(f.moduleId)}`;
const twinBody = () => ({ tags: { probe: 1 }, properties: { desired: { probe: 1 } } });

export const ENDPOINTS: Endpoint[] = [
  { name: "health", method: "GET", route: "/api/health", path: () => "/api/health", ok: 200, public: true },
  { name: "openapi", method: "GET", route: "/api/openapi.json", path: () => "/api/openapi.json", ok: 200, public: true },
  { name: "list devices", method: "GET", route: "/api/devices", path: () => "/api/devices?top=5", ok: 200 },
  { name: "statistics", method: "GET", route: "/api/statistics/devices", path: () => "/api/statistics/devices", ok: 200 },
  { name: "fleet statistics", method: "GET", route: "/api/statistics/fleet", path: () => "/api/statistics/fleet", ok: 200 },
  { name: "fleet data-loss risk", method: "GET", route: "/api/fleet/data-loss-risk", path: () => "/api/fleet/data-loss-risk?limit=5", ok: 200 },
  { name: "search ids", method: "GET", route: "/api/search", path: (f) => `/api/search?q=${enc(f.deviceId)}&limit=5`, ok: 200 },
  {
    name: "query",
    method: "POST",
    route: "/api/devices/query",
    path: () => "/api/devices/query",
    body: (f) => ({ query: `SELECT * FROM devices WHERE deviceId = '${f.deviceId}'` }),
    ok: 200,
  },
  { name: "get device", method: "GET", route: "/api/devices/[deviceId]", path: d, ok: 200 },
  {
    name: "create device",
    method: "PUT",
    route: "/api/devices/[deviceId]",
    path: (f) => `/api/devices/${enc(f.freshId)}`,
    body: (f) => ({ deviceId: f.freshId }),
    ok: 200,
  },
  { name: "delete device", method: "DELETE", route: "/api/devices/[deviceId]", path: d, ok: 204 },
  { name: "list modules", method: "GET", route: "/api/devices/[deviceId]/modules", path: (f) => `${d(f)}/modules`, ok: 200 },
  { name: "get module", method: "GET", route: "/api/devices/[deviceId]/modules/[moduleId]", path: m, ok: 200 },
  {
    name: "create module",
    method: "PUT",
    route: "/api/devices/[deviceId]/modules/[moduleId]",
    path: (f) => `${d(f)}/modules/${enc(f.freshId)}`,
    body: (f) => ({ deviceId: f.deviceId, moduleId: f.freshId }),
    ok: 201,
  },
  { name: "delete module", method: "DELETE", route: "/api/devices/[deviceId]/modules/[moduleId]", path: m, ok: 204 },
  { name: "device connection strings", method: "GET", route: "/api/devices/[deviceId]/connection-strings", path: (f) => `${d(f)}/connection-strings`, ok: 200 },
  {
    name: "module connection strings",
    method: "GET",
    route: "/api/devices/[deviceId]/modules/[moduleId]/connection-strings",
    path: (f) => `${m(f)}/connection-strings`,
    ok: 200,
  },
  {
    name: "regenerate device key",
    method: "POST",
    route: "/api/devices/[deviceId]/regenerate-key",
    path: (f) => `${d(f)}/regenerate-key`,
    body: () => ({ key: "secondary" }),
    ok: 200,
  },
  {
    name: "regenerate module key",
    method: "POST",
    route: "/api/devices/[deviceId]/modules/[moduleId]/regenerate-key",
    path: (f) => `${m(f)}/regenerate-key`,
    body: () => ({ key: "primary" }),
    ok: 200,
  },
  { name: "get twin", method: "GET", route: "/api/twins/[deviceId]", path: (f) => `/api/twins/${enc(f.deviceId)}`, ok: 200 },
  {
    name: "patch twin",
    method: "PATCH",
    route: "/api/twins/[deviceId]",
    path: (f) => `/api/twins/${enc(f.deviceId)}`,
    body: twinBody,
    ok: 200,
  },
  {
    name: "replace twin",
    method: "PUT",
    route: "/api/twins/[deviceId]",
    path: (f) => `/api/twins/${enc(f.deviceId)}`,
    body: twinBody,
    ok: 200,
  },
  {
    name: "get module twin",
    method: "GET",
    route: "/api/twins/[deviceId]/modules/[moduleId]",
    path: (f) => `/api/twins/${enc(f.deviceId)}/modules/${enc(f.moduleId)}`,
    ok: 200,
  },
  {
    name: "patch module twin",
    method: "PATCH",
    route: "/api/twins/[deviceId]/modules/[moduleId]",
    path: (f) => `/api/twins/${enc(f.deviceId)}/modules/${enc(f.moduleId)}`,
    body: twinBody,
    ok: 200,
  },
  {
    name: "replace module twin",
    method: "PUT",
    route: "/api/twins/[deviceId]/modules/[moduleId]",
    path: (f) => `/api/twins/${enc(f.deviceId)}/modules/${enc(f.moduleId)}`,
    body: twinBody,
    ok: 200,
  },
  { name: "device twin history", method: "GET", route: "/api/twins/[deviceId]/revisions", path: (f) => `/api/twins/${enc(f.deviceId)}/revisions?limit=5`, ok: 200 },
  {
    name: "module twin history",
    method: "GET",
    route: "/api/twins/[deviceId]/modules/[moduleId]/revisions",
    path: (f) => `/api/twins/${enc(f.deviceId)}/modules/${enc(f.moduleId)}/revisions?limit=5`,
    ok: 200,
  },
  // The fixture twins have never been written, so they have no revision 1 to restore: 404 NotFound.
  // twin-history.test.ts covers reverts that succeed.
  {
    name: "revert device twin",
    method: "POST",
    route: "/api/twins/[deviceId]/revisions/[version]/revert",
    path: (f) => `/api/twins/${enc(f.deviceId)}/revisions/1/revert`,
    ok: 404,
  },
  {
    name: "revert module twin",
    method: "POST",
    route: "/api/twins/[deviceId]/modules/[moduleId]/revisions/[version]/revert",
    path: (f) => `/api/twins/${enc(f.deviceId)}/modules/${enc(f.moduleId)}/revisions/1/revert`,
    ok: 404,
  },
  // Direct methods: the fixture is registered but not connected over MQTT, so the valid request is
  // 404 DeviceNotOnline; the MQTT tests (mqtt-*.test.ts) cover the connected case.
  {
    name: "invoke device method",
    method: "POST",
    route: "/api/twins/[deviceId]/methods",
    path: (f) => `/api/twins/${enc(f.deviceId)}/methods`,
    body: () => ({ methodName: "probe", payload: { a: 1 }, responseTimeoutInSeconds: 5 }),
    ok: 404,
  },
  {
    name: "invoke module method",
    method: "POST",
    route: "/api/twins/[deviceId]/modules/[moduleId]/methods",
    path: (f) => `/api/twins/${enc(f.deviceId)}/modules/${enc(f.moduleId)}/methods`,
    body: () => ({ methodName: "probe", responseTimeoutInSeconds: 5 }),
    ok: 404,
  },
  {
    name: "fleet page",
    method: "POST",
    route: "/api/fleet/page",
    path: () => "/api/fleet/page",
    body: (f) => ({ filter: { query: `deviceId = '${f.deviceId}'` }, pageSize: 5 }),
    ok: 200,
  },
  {
    name: "fleet summary",
    method: "POST",
    route: "/api/fleet/summary",
    path: () => "/api/fleet/summary",
    body: (f) => ({ filter: { query: `deviceId = '${f.deviceId}'` } }),
    ok: 200,
  },
  {
    name: "bulk tags dry run",
    method: "POST",
    route: "/api/fleet/bulk-tags",
    path: () => "/api/fleet/bulk-tags",
    body: (f) => ({ filter: { query: `deviceId = '${f.deviceId}'` }, tags: { probe: 1 }, dryRun: true }),
    ok: 200,
  },
  { name: "bulk job", method: "GET", route: "/api/fleet/bulk-tags/[jobId]", path: () => "/api/fleet/bulk-tags/it-no-such-job", ok: 404 },
  { name: "delete impact", method: "GET", route: "/api/devices/[deviceId]/delete-impact", path: (f) => `${d(f)}/delete-impact`, ok: 200 },
  { name: "device messages", method: "GET", route: "/api/devices/[deviceId]/messages", path: (f) => `${d(f)}/messages?limit=5`, ok: 200 },
  { name: "device pending operations", method: "GET", route: "/api/devices/[deviceId]/pending-operations", path: (f) => `${d(f)}/pending-operations`, ok: 200 },
  { name: "fleet pending operations", method: "GET", route: "/api/fleet/pending-operations", path: () => "/api/fleet/pending-operations?limit=5", ok: 200 },
  // Deployments (IoT Hub configurations). The fixture device is not an edge device, so setting its
  // modules is a 400; deployments.test.ts covers the edge cases that succeed.
  { name: "list deployments", method: "GET", route: "/api/configurations", path: () => "/api/configurations", ok: 200 },
  { name: "get deployment", method: "GET", route: "/api/configurations/[configurationId]", path: () => "/api/configurations/it-no-such-deployment", ok: 404 },
  {
    name: "create deployment",
    method: "PUT",
    route: "/api/configurations/[configurationId]",
    path: (f) => `/api/configurations/${enc(f.freshId)}`,
    body: (f) => ({ content: { modulesContent: baseManifest() }, targetCondition: `deviceId = '${f.deviceId}'`, priority: 1 }),
    ok: 200,
  },
  { name: "delete deployment", method: "DELETE", route: "/api/configurations/[configurationId]", path: () => "/api/configurations/it-no-such-deployment", ok: 404 },
  {
    name: "deployment devices",
    method: "GET",
    route: "/api/configurations/[configurationId]/devices",
    path: () => "/api/configurations/it-no-such-deployment/devices",
    ok: 404,
  },
  {
    name: "validate deployment",
    method: "POST",
    route: "/api/configurations/validate",
    path: () => "/api/configurations/validate",
    body: () => ({ modulesContent: baseManifest() }),
    ok: 200,
  },
  {
    name: "preview deployment",
    method: "POST",
    route: "/api/configurations/preview",
    path: () => "/api/configurations/preview",
    body: (f) => ({ configuration: { id: f.freshId, content: { modulesContent: baseManifest() }, targetCondition: `deviceId = '${f.deviceId}'`, priority: 1 } }),
    ok: 200,
  },
  {
    name: "test target condition",
    method: "POST",
    route: "/api/configurations/testTargetCondition",
    path: () => "/api/configurations/testTargetCondition",
    body: (f) => ({ targetCondition: `deviceId = '${f.deviceId}'` }),
    ok: 200,
  },
  { name: "effective configuration", method: "GET", route: "/api/devices/[deviceId]/effectiveConfiguration", path: (f) => `${d(f)}/effectiveConfiguration`, ok: 200 },
  {
    name: "apply configuration content",
    method: "POST",
    route: "/api/devices/[deviceId]/applyConfigurationContent",
    path: (f) => `${d(f)}/applyConfigurationContent`,
    body: () => ({ modulesContent: baseManifest() }),
    ok: 400,
  },
  // Registry browsing on the built-in catalog (no registry needed); registries.test.ts covers real ones.
  { name: "list registries", method: "GET", route: "/api/registries", path: () => "/api/registries", ok: 200 },
  { name: "registry repositories", method: "GET", route: "/api/registries/[registryId]/repositories", path: () => "/api/registries/catalog/repositories?q=edge", ok: 200 },
  {
    name: "registry tags",
    method: "GET",
    route: "/api/registries/[registryId]/tags",
    path: () => `/api/registries/catalog/tags?repository=${enc("mcr.microsoft.com/azureiotedge-agent")}`,
    ok: 200,
  },
  {
    name: "registry image",
    method: "GET",
    route: "/api/registries/[registryId]/image",
    path: () => `/api/registries/catalog/image?repository=${enc("mcr.microsoft.com/azureiotedge-agent")}&reference=1.5`,
    ok: 200,
  },
  { name: "search images", method: "GET", route: "/api/images", path: () => "/api/images?q=agent", ok: 200 },
  // The MQTT CA is a PEM file, not JSON (so it is kept out of the JSON checks of public endpoints); 404
  // here because no MQTT endpoint runs in the test process.
  { name: "MQTT CA certificate", method: "GET", route: "/api/tls/ca.pem", path: () => "/api/tls/ca.pem", ok: 404, public: true, operator: true },
  ...(
    [
      ["audit trail", "GET", "/api/audit", "/api/audit"],
      ["logout", "POST", "/api/auth/logout", "/api/auth/logout"],
      ["change own password", "POST", "/api/auth/password", "/api/auth/password"],
      ["list policies", "GET", "/api/policies", "/api/policies"],
      ["create policy", "POST", "/api/policies", "/api/policies"],
      ["delete policy", "DELETE", "/api/policies/[keyName]", "/api/policies/it-no-such-policy"],
      ["rotate policy key", "POST", "/api/policies/[keyName]/rotate-key", "/api/policies/it-no-such-policy/rotate-key"],
      ["list users", "GET", "/api/users", "/api/users"],
      ["create user", "POST", "/api/users", "/api/users"],
      ["update user", "PATCH", "/api/users/[userId]", "/api/users/00000000-0000-4000-8000-000000000000"],
      ["list saved views", "GET", "/api/views", "/api/views"],
      ["save view", "POST", "/api/views", "/api/views"],
      ["delete saved view", "DELETE", "/api/views/[viewId]", "/api/views/it-no-such-view"],
      // Registry sources are managed by admins only (registries.manage, which no policy right grants).
      ["add registry", "POST", "/api/registries", "/api/registries"],
      ["remove registry", "DELETE", "/api/registries/[registryId]", "/api/registries/it-no-such-registry"],
      ["test registry", "POST", "/api/registries/[registryId]/test", "/api/registries/it-no-such-registry/test"],
    ] as const
  ).map(([name, method, route, path]) => ({ name, method, route, path: () => path, ok: 0, operator: true })),
  // Public console endpoints: login and first-admin setup create sessions and users, so they are never called here.
  ...(
    [
      ["login", "POST", "/api/auth/login"],
      ["setup", "POST", "/api/auth/setup"],
      ["auth status", "GET", "/api/auth/status"],
    ] as const
  ).map(([name, method, route]) => ({ name, method, route, path: () => route, ok: 0, public: true, operator: true })),
  // Unknown API paths: the catch-all answers 404 in the one error shape, without authentication.
  ...["GET", "POST", "PUT", "PATCH", "DELETE"].map((method) => ({
    name: `${method} unknown path`,
    method,
    route: "/api/[...unmatched]",
    path: () => "/api/no-such-endpoint/x",
    ok: 404,
    public: true,
  })),
];

export const BODY_ENDPOINTS = ENDPOINTS.filter((e) => e.body && !e.operator);
/** Every endpoint that needs a caller: a bad token must be 401 on all of them. */
export const AUTHENTICATED_ENDPOINTS = ENDPOINTS.filter((e) => !e.public);
/** The IoT Hub service API, whose policy rights reference §3.3 defines. */
export const SERVICE_ENDPOINTS = ENDPOINTS.filter((e) => !e.public && !e.operator);

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export async function assertCoversAllRoutes(): Promise<void> {
  const exported: string[] = [];
  for (const route of ROUTES) {
    const mod = (await import(route.file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS) if (typeof mod[method] === "function") exported.push(`${method} ${routePattern(route)}`);
  }
  expect(ENDPOINTS.map((e) => `${e.method} ${e.route}`).sort()).toEqual(exported.sort());
}

/** A device with one module, plus an id that exists nowhere (for creates that must not happen). */
export async function makeFixture(): Promise<Fixture> {
  const { deviceId } = await createDevice();
  const { moduleId } = await createModule(deviceId);
  return { deviceId, moduleId, freshId: uniqueId("fresh") };
}

/**
 * Row counts in devices/modules/twin_revisions/changes. On PGlite each test file has its own database,
 * so whole tables are counted; on PostgreSQL other files write in parallel, so only these ids.
 */
export async function rowCounts(ids: string[]): Promise<RowCounts> {
  // PostgreSQL text cannot hold NUL, so such an id can own no row; it is left out of the filter.
  return (await getStore()).kind === "pglite" ? countRows() : countRows(ids.filter((id) => !id.includes("\u0000")));
}

/** Runs `fn`, then checks that no row was added or removed and that the server still answers. */
export async function expectNothingWritten(ids: string[], fn: () => Promise<void>): Promise<void> {
  const before = await rowCounts(ids);
  await fn();
  expect(await rowCounts(ids)).toEqual(before);
  await expectHealthy();
}

export async function expectHealthy(): Promise<void> {
  const health = await callApi("GET", "/api/health", { auth: false });
  expect(health.status).toBe(200);
  expect(health.json.status).toBe("ok");
}
