import { beforeAll, describe, expect, it } from "vitest";
import { createAccessPolicy, deleteAccessPolicy, listAccessPolicies } from "@/lib/data/manage-access-policies";
import { getUser } from "@/lib/data/operator-users";
import { ROLE_ACTIONS, type Role } from "@/lib/domain/access";
import { callApi, enc, ROUTES, routePattern, setupPolicies, sqlRows, uniqueId } from "./support/api";
import { baseManifest } from "./support/deployments";
import { makeFixture, rowCounts, type Fixture } from "./support/endpoints";
import { asUser, makeUser, newPassword, signIn, signInAs, uniqueUsername, withPolicyLock, type Session, type TestUser } from "./support/operators";

/**
 * Every (role × endpoint): a viewer, an operator and an admin, each signed in with a session cookie
 * from the console's own origin, call every method every route file exports. What each role may do is
 * restated here (not imported), so a change in lib/domain/access is caught as well as a route that
 * names the wrong action; a route file exporting a method missing from ENDPOINTS fails the first test.
 */

const HIGHER = ["twins.write", "methods.invoke", "deployments.write"];
const ROLE_TABLE: Record<Role, string[]> = {
  viewer: ["registry.read", "twins.read", "query", "audit.read"],
  operator: ["registry.read", "twins.read", "query", "audit.read", ...HIGHER],
  admin: [
    "registry.read",
    "twins.read",
    "query",
    "audit.read",
    ...HIGHER,
    "registry.write",
    "secrets.read",
    "users.manage",
    "policies.manage",
    "registries.manage",
  ],
};
const ROLES: Role[] = ["viewer", "operator", "admin"];

type Need = string; // an action, "session" (any signed-in operator) or "public"
type Ctx = { f: Fixture; role: Role; user: TestUser; policy: string; target: TestUser | null };
type Entry = {
  need: Need;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  headers?: Record<string, string>;
  /** Status of the call when the role allows it (several when it depends on what else runs). */
  ok: number | number[];
  /** Signs in a fresh user of the role for this call (logout and password change end sessions). */
  ownSession?: boolean;
  /** Needs a policy named `c.policy` to exist (delete, rotate). */
  policy?: boolean;
  /** Needs a user `c.target` to change. */
  target?: boolean;
  /** Runs as the owner before the call (and before the snapshot of a denied call). */
  prepare?: (c: Ctx) => Promise<unknown>;
  /** The error code of an allowed call whose target does not exist (default DeviceNotOnline). */
  notFound?: string;
};

const d = (c: Ctx) => `/api/devices/${enc(c.f.deviceId)}`;
const m = (c: Ctx) => `${d(c)}/modules/${enc(c.f.moduleId)}`;
const t = (c: Ctx) => `/api/twins/${enc(c.f.deviceId)}`;
const mt = (c: Ctx) => `${t(c)}/modules/${enc(c.f.moduleId)}`;
const twinBody = () => ({ tags: { roleProbe: 1 }, properties: { desired: { roleProbe: 1 } } });
const ifMatch = { "if-match": "*" };

const ENDPOINTS: Record<string, Entry> = {
  "GET /api/health": { need: "public", path: () => "/api/health", ok: 200 },
  "GET /api/openapi.json": { need: "public", path: () => "/api/openapi.json", ok: 200 },
  "GET /api/devices": { need: "registry.read", path: () => "/api/devices?top=5", ok: 200 },
  "GET /api/statistics/devices": { need: "registry.read", path: () => "/api/statistics/devices", ok: 200 },
  "GET /api/statistics/fleet": { need: "twins.read", path: () => "/api/statistics/fleet", ok: 200 },
  "GET /api/fleet/data-loss-risk": { need: "twins.read", path: () => "/api/fleet/data-loss-risk?limit=5", ok: 200 },
  "GET /api/search": { need: "registry.read", path: (c) => `/api/search?q=${enc(c.f.deviceId)}`, ok: 200 },
  "POST /api/devices/query": {
    need: "query",
    path: () => "/api/devices/query",
    body: (c) => ({ query: `SELECT * FROM devices WHERE deviceId = '${c.f.deviceId}'` }),
    ok: 200,
  },
  "GET /api/devices/[deviceId]": { need: "registry.read", path: d, ok: 200 },
  "PUT /api/devices/[deviceId]": {
    need: "registry.write",
    path: (c) => `/api/devices/${enc(c.f.freshId)}`,
    body: (c) => ({ deviceId: c.f.freshId }),
    ok: 200,
  },
  "DELETE /api/devices/[deviceId]": { need: "registry.write", path: d, ok: 204 },
  "GET /api/devices/[deviceId]/modules": { need: "registry.read", path: (c) => `${d(c)}/modules`, ok: 200 },
  "GET /api/devices/[deviceId]/modules/[moduleId]": { need: "registry.read", path: m, ok: 200 },
  "PUT /api/devices/[deviceId]/modules/[moduleId]": {
    need: "registry.write",
    path: (c) => `${d(c)}/modules/${enc(c.f.freshId)}`,
    body: (c) => ({ deviceId: c.f.deviceId, moduleId: c.f.freshId }),
    ok: 201,
  },
  "DELETE /api/devices/[deviceId]/modules/[moduleId]": { need: "registry.write", path: m, ok: 204 },
  "GET /api/devices/[deviceId]/connection-strings": { need: "secrets.read", path: (c) => `${d(c)}/connection-strings`, ok: 200 },
  "GET /api/devices/[deviceId]/modules/[moduleId]/connection-strings": {
    need: "secrets.read",
    path: (c) => `${m(c)}/connection-strings`,
    ok: 200,
  },
  "POST /api/devices/[deviceId]/regenerate-key": {
    need: "registry.write",
    path: (c) => `${d(c)}/regenerate-key`,
    body: () => ({ key: "secondary" }),
    ok: 200,
  },
  "POST /api/devices/[deviceId]/modules/[moduleId]/regenerate-key": {
    need: "registry.write",
    path: (c) => `${m(c)}/regenerate-key`,
    body: () => ({ key: "primary" }),
    ok: 200,
  },
  "GET /api/twins/[deviceId]": { need: "twins.read", path: t, ok: 200 },
  "PATCH /api/twins/[deviceId]": { need: "twins.write", path: t, body: twinBody, headers: ifMatch, ok: 200 },
  "PUT /api/twins/[deviceId]": { need: "twins.write", path: t, body: twinBody, headers: ifMatch, ok: 200 },
  "GET /api/twins/[deviceId]/modules/[moduleId]": { need: "twins.read", path: mt, ok: 200 },
  "PATCH /api/twins/[deviceId]/modules/[moduleId]": { need: "twins.write", path: mt, body: twinBody, headers: ifMatch, ok: 200 },
  "PUT /api/twins/[deviceId]/modules/[moduleId]": { need: "twins.write", path: mt, body: twinBody, headers: ifMatch, ok: 200 },
  "GET /api/twins/[deviceId]/revisions": { need: "twins.read", path: (c) => `${t(c)}/revisions`, ok: 200 },
  "GET /api/twins/[deviceId]/modules/[moduleId]/revisions": { need: "twins.read", path: (c) => `${mt(c)}/revisions`, ok: 200 },
  // Revision 2 is the owner's write in `prepare`.
  "POST /api/twins/[deviceId]/revisions/[version]/revert": {
    need: "twins.write",
    path: (c) => `${t(c)}/revisions/2/revert`,
    prepare: (c) => callApi("PATCH", t(c), { body: twinBody() }),
    ok: 200,
  },
  "POST /api/twins/[deviceId]/modules/[moduleId]/revisions/[version]/revert": {
    need: "twins.write",
    path: (c) => `${mt(c)}/revisions/2/revert`,
    prepare: (c) => callApi("PATCH", mt(c), { body: twinBody() }),
    ok: 200,
  },
  "GET /api/devices/[deviceId]/messages": { need: "twins.read", path: (c) => `${d(c)}/messages?limit=5`, ok: 200 },
  "GET /api/devices/[deviceId]/pending-operations": { need: "twins.read", path: (c) => `${d(c)}/pending-operations`, ok: 200 },
  "GET /api/fleet/pending-operations": { need: "twins.read", path: () => "/api/fleet/pending-operations?limit=5", ok: 200 },
  // No device is connected in these tests: an allowed invocation reaches "not online" (404).
  "POST /api/twins/[deviceId]/methods": {
    need: "methods.invoke",
    path: (c) => `${t(c)}/methods`,
    body: () => ({ methodName: "reboot", responseTimeoutInSeconds: 5 }),
    ok: 404,
  },
  "POST /api/twins/[deviceId]/modules/[moduleId]/methods": {
    need: "methods.invoke",
    path: (c) => `${mt(c)}/methods`,
    body: () => ({ methodName: "reboot", responseTimeoutInSeconds: 5 }),
    ok: 404,
  },
  "POST /api/fleet/page": { need: "query", path: () => "/api/fleet/page", body: (c) => ({ filter: { query: `deviceId = '${c.f.deviceId}'` } }), ok: 200 },
  "POST /api/fleet/summary": { need: "query", path: () => "/api/fleet/summary", body: (c) => ({ filter: { query: `deviceId = '${c.f.deviceId}'` } }), ok: 200 },
  "POST /api/fleet/bulk-tags": {
    need: "twins.write",
    path: () => "/api/fleet/bulk-tags",
    body: (c) => ({ filter: { query: `deviceId = '${c.f.deviceId}'` }, tags: { roleProbe: 1 }, dryRun: true }),
    ok: 200,
  },
  "GET /api/fleet/bulk-tags/[jobId]": { need: "twins.read", path: () => "/api/fleet/bulk-tags/it-no-such-job", ok: 404, notFound: "NotFound" },
  "GET /api/devices/[deviceId]/delete-impact": { need: "registry.read", path: (c) => `${d(c)}/delete-impact`, ok: 200 },
  "GET /api/views": { need: "session", path: () => "/api/views", ok: 200 },
  "POST /api/views": { need: "session", path: () => "/api/views", body: () => ({ name: `role view ${Math.random()}`, state: "" }), ok: 201 },
  "DELETE /api/views/[viewId]": { need: "session", path: () => "/api/views/it-no-such-view", ok: 404, notFound: "NotFound" },
  "GET /api/configurations": { need: "twins.read", path: () => "/api/configurations", ok: 200 },
  "GET /api/configurations/[configurationId]": { need: "twins.read", path: () => "/api/configurations/it-no-such-deployment", ok: 404, notFound: "ConfigurationNotFound" },
  "PUT /api/configurations/[configurationId]": {
    need: "deployments.write",
    path: (c) => `/api/configurations/${enc(c.f.freshId)}`,
    body: (c) => ({ content: { modulesContent: baseManifest() }, targetCondition: `deviceId = '${c.f.deviceId}'`, priority: 1 }),
    ok: 200,
  },
  "DELETE /api/configurations/[configurationId]": { need: "deployments.write", path: () => "/api/configurations/it-no-such-deployment", ok: 404, notFound: "ConfigurationNotFound" },
  "GET /api/configurations/[configurationId]/devices": {
    need: "twins.read",
    path: () => "/api/configurations/it-no-such-deployment/devices",
    ok: 404,
    notFound: "ConfigurationNotFound",
  },
  "POST /api/configurations/validate": { need: "twins.read", path: () => "/api/configurations/validate", body: () => ({ modulesContent: baseManifest() }), ok: 200 },
  "POST /api/configurations/preview": {
    need: "twins.read",
    path: () => "/api/configurations/preview",
    body: (c) => ({ configuration: { id: c.f.freshId, content: { modulesContent: baseManifest() }, targetCondition: `deviceId = '${c.f.deviceId}'` } }),
    ok: 200,
  },
  "POST /api/configurations/testTargetCondition": {
    need: "query",
    path: () => "/api/configurations/testTargetCondition",
    body: (c) => ({ targetCondition: `deviceId = '${c.f.deviceId}'` }),
    ok: 200,
  },
  "GET /api/devices/[deviceId]/effectiveConfiguration": { need: "twins.read", path: (c) => `${d(c)}/effectiveConfiguration`, ok: 200 },
  // The fixture device is not an edge device: an allowed call is a 400 that writes nothing.
  "POST /api/devices/[deviceId]/applyConfigurationContent": {
    need: "deployments.write",
    path: (c) => `${d(c)}/applyConfigurationContent`,
    body: () => ({ modulesContent: baseManifest() }),
    ok: 400,
  },
  "GET /api/registries": { need: "registry.read", path: () => "/api/registries", ok: 200 },
  "POST /api/registries": {
    need: "registries.manage",
    path: () => "/api/registries",
    body: () => ({ name: uniqueId("it-role-registry"), url: "http://127.0.0.1:9" }),
    ok: 201,
  },
  "DELETE /api/registries/[registryId]": { need: "registries.manage", path: () => "/api/registries/it-no-such-registry", ok: 404, notFound: "NotFound" },
  "POST /api/registries/[registryId]/test": { need: "registries.manage", path: () => "/api/registries/catalog/test", ok: 200 },
  "GET /api/registries/[registryId]/repositories": { need: "registry.read", path: () => "/api/registries/catalog/repositories", ok: 200 },
  "GET /api/registries/[registryId]/tags": {
    need: "registry.read",
    path: () => `/api/registries/catalog/tags?repository=${enc("mcr.microsoft.com/azureiotedge-hub")}`,
    ok: 200,
  },
  "GET /api/registries/[registryId]/image": {
    need: "registry.read",
    path: () => `/api/registries/catalog/image?repository=${enc("mcr.microsoft.com/azureiotedge-hub")}&reference=1.5`,
    ok: 200,
  },
  "GET /api/images": { need: "registry.read", path: () => "/api/images?q=hub", ok: 200 },
  // The MQTT endpoint's CA certificate is public; 404 when no endpoint runs in this process.
  "GET /api/tls/ca.pem": { need: "public", path: () => "/api/tls/ca.pem", ok: [200, 404] },
  "GET /api/audit": { need: "audit.read", path: () => "/api/audit?limit=5", ok: 200 },
  "POST /api/auth/logout": { need: "session", path: () => "/api/auth/logout", ok: 200, ownSession: true },
  "POST /api/auth/password": {
    need: "session",
    path: () => "/api/auth/password",
    body: (c) => ({ currentPassword: c.user.password, newPassword: newPassword() }),
    ok: 200,
    ownSession: true,
  },
  "POST /api/auth/login": {
    need: "public",
    path: () => "/api/auth/login",
    body: (c) => ({ username: c.user.username, password: c.user.password }),
    ok: 200,
  },
  // Users exist, so setup is closed whoever asks.
  "POST /api/auth/setup": {
    need: "public",
    path: () => "/api/auth/setup",
    body: () => ({ username: uniqueUsername("it-setup"), password: newPassword() }),
    ok: 409,
  },
  "GET /api/auth/status": { need: "public", path: () => "/api/auth/status", ok: 200 },
  "GET /api/policies": { need: "policies.manage", path: () => "/api/policies", ok: 200 },
  "POST /api/policies": {
    need: "policies.manage",
    path: () => "/api/policies",
    body: (c) => ({ keyName: c.policy, rights: ["registryRead"] }),
    ok: 201,
  },
  "DELETE /api/policies/[keyName]": { need: "policies.manage", path: (c) => `/api/policies/${enc(c.policy)}`, ok: 204, policy: true },
  "POST /api/policies/[keyName]/rotate-key": {
    need: "policies.manage",
    path: (c) => `/api/policies/${enc(c.policy)}/rotate-key`,
    body: () => ({ key: "primary" }),
    ok: 200,
    policy: true,
  },
  "GET /api/users": { need: "users.manage", path: () => "/api/users", ok: 200 },
  "POST /api/users": {
    need: "users.manage",
    path: () => "/api/users",
    body: () => ({ username: uniqueUsername("it-new"), password: newPassword(), role: "viewer" }),
    ok: 201,
  },
  "PATCH /api/users/[userId]": {
    need: "users.manage",
    path: (c) => `/api/users/${enc(c.target!.id)}`,
    body: () => ({ role: "operator" }),
    ok: 200,
    target: true,
  },
  ...Object.fromEntries(
    ["GET", "POST", "PUT", "PATCH", "DELETE"].map((method) => [
      `${method} /api/[...unmatched]`,
      { need: "public", path: () => "/api/no-such-endpoint/x", ok: 404 } satisfies Entry,
    ]),
  ),
};

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

const sessions = {} as Record<Role, Session>;

beforeAll(async () => {
  await setupPolicies();
  for (const role of ROLES) sessions[role] = await signIn(role);
});

describe("the role table", () => {
  it("names a permission for every method every route file exports", async () => {
    const exported: string[] = [];
    for (const route of ROUTES) {
      const mod = (await import(route.file)) as Record<string, unknown>;
      for (const method of HTTP_METHODS) if (typeof mod[method] === "function") exported.push(`${method} ${routePattern(route)}`);
    }
    expect(Object.keys(ENDPOINTS).sort()).toEqual(exported.sort());
  });

  it("matches the roles in lib/domain/access", () => {
    for (const role of ROLES) expect([...ROLE_ACTIONS[role]].sort()).toEqual([...ROLE_TABLE[role]].sort());
  });
});

const allowed = (role: Role, need: Need) => need === "public" || need === "session" || ROLE_TABLE[role].includes(need);

/** Everything a denied call could have touched, read as the owner policy and from the store. */
async function snapshot(c: Ctx, session: Session) {
  const read = async (path: string) => {
    const res = await callApi("GET", path);
    return { status: res.status, json: res.json };
  };
  const policies = (await listAccessPolicies({ includeKeys: true })).filter((p) => p.keyName === c.policy);
  const [audit] = await sqlRows<{ n: string | number }>("select count(*) as n from audit_log where actor = $1", [`user:${session.username}`]);
  return {
    device: await read(d(c)),
    module: await read(m(c)),
    twin: await read(t(c)),
    moduleTwin: await read(mt(c)),
    counts: await rowCounts([c.f.deviceId, c.f.freshId]),
    policies,
    target: c.target && (await getUser(c.target.id)),
    users: await sqlRows("select username from users where username like 'it-new-%' order by username"),
    audit: Number(audit!.n),
    deployments: await sqlRows("select id, version from deployments where id = $1", [c.f.freshId]),
  };
}

const matrix = ROLES.flatMap((role) =>
  Object.entries(ENDPOINTS).map(([key, e]) => [role, key, allowed(role, e.need) ? "allowed" : "403 Forbidden", e] as const),
);

describe("each role against each endpoint", () => {
  it.each(matrix)("%s: %s is %s", async (role, key, verdict, e) => {
    const f = await makeFixture();
    const session = e.ownSession ? await signIn(role) : sessions[role];
    const c: Ctx = { f, role, user: session, policy: uniqueId("it-role-policy"), target: e.target ? await makeUser("viewer") : null };
    const run = async () => {
      if (e.policy) await createAccessPolicy(c.policy, ["registryRead"], { actor: "test", now: new Date() });
      try {
        await check();
      } finally {
        // Inside the policy lock: a policy of this test never outlives it (see withPolicyLock).
        await deleteAccessPolicy(c.policy, { actor: "test", now: new Date() }).catch(() => {});
      }
    };
    const check = async () => {
      await e.prepare?.(c);
      const call = () => asUser(session, key.split(" ")[0]!, e.path(c), { body: e.body?.(c), headers: e.headers });
      if (verdict === "allowed") {
        const res = await call();
        expect([e.ok].flat(), `${res.status} ${res.text}`).toContain(res.status);
        if (res.status === 404 && e.need !== "public") expect(res.json.error.code).toBe(e.notFound ?? "DeviceNotOnline");
        return;
      }
      const before = await snapshot(c, session);
      const res = await call();
      expect(res.status, res.text).toBe(403);
      expect(res.json.error.code).toBe("Forbidden");
      expect(res.json.error.details.permission).toBe(e.need);
      expect(await snapshot(c, session)).toEqual(before);
    };
    await (e.policy || key === "POST /api/policies" ? withPolicyLock("shared", run) : run());
    // Whatever the call did, the session that made it is still good (except logout, which ends it).
    const status = await asUser(session, "GET", "/api/auth/status");
    if (key === "POST /api/auth/logout") expect(status.json.user).toBeNull();
    else expect(status.json.user).toMatchObject({ username: session.username, role });
  });
});

describe("what each role learns from an identity", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await makeFixture();
  });

  const keysIn = (identity: { authentication: { symmetricKey: { primaryKey: string | null; secondaryKey: string | null } } }) =>
    identity.authentication.symmetricKey;

  const reads: Array<[string, (f: Fixture) => string, (json: never, f: Fixture) => unknown]> = [
    ["get device", (f) => `/api/devices/${enc(f.deviceId)}`, (json) => json],
    ["get module", (f) => `/api/devices/${enc(f.deviceId)}/modules/${enc(f.moduleId)}`, (json) => json],
    ["list modules", (f) => `/api/devices/${enc(f.deviceId)}/modules`, (json: Array<{ moduleId: string }>, f) => json.find((x) => x.moduleId === f.moduleId)],
    ["list devices", () => `/api/devices?top=1000`, (json: Array<{ deviceId: string }>, f) => json.find((x) => x.deviceId === f.deviceId)],
  ];

  it.each(ROLES.flatMap((role) => reads.map(([name, path, pick]) => [role, name, path, pick] as const)))(
    "%s: %s shows keys only to an admin",
    async (role, _name, path, pick) => {
      const res = await asUser(sessions[role], "GET", path(f));
      expect(res.status, res.text).toBe(200);
      const identity = pick(res.json as never, f) as Parameters<typeof keysIn>[0];
      expect(identity).toBeTruthy();
      const keys = keysIn(identity);
      if (role === "admin") {
        expect(keys.primaryKey).toEqual(expect.any(String));
        expect(keys.secondaryKey).toEqual(expect.any(String));
      } else {
        expect(keys).toEqual({ primaryKey: null, secondaryKey: null });
        expect(res.text).not.toMatch(/"(primaryKey|secondaryKey)":"/);
      }
    },
  );

  it.each([
    ["registryRead", true],
    ["registryReadWrite", true],
  ])("policy %s sees keys, as in IoT Hub", async (policy, sees) => {
    const res = await callApi("GET", `/api/devices/${enc(f.deviceId)}`, { policy });
    expect(res.status).toBe(200);
    expect(keysIn(res.json).primaryKey !== null).toBe(sees);
  });

  it.each(ROLES)("%s: connection strings are for admins only", async (role) => {
    for (const path of [`/api/devices/${enc(f.deviceId)}/connection-strings`, `/api/devices/${enc(f.deviceId)}/modules/${enc(f.moduleId)}/connection-strings`]) {
      const res = await asUser(sessions[role], "GET", path);
      if (role === "admin") {
        expect(res.status).toBe(200);
        expect(res.json.primaryConnectionString).toMatch(/SharedAccessKey=/);
      } else {
        expect(res.status).toBe(403);
        expect(res.json.error.code).toBe("Forbidden");
        expect(res.text).not.toMatch(/SharedAccessKey/);
      }
    }
  });

  it("the twin and query results never carry keys, even for an admin", async () => {
    for (const role of ROLES) {
      const twin = await asUser(sessions[role], "GET", `/api/twins/${enc(f.deviceId)}`);
      const query = await asUser(sessions[role], "POST", "/api/devices/query", {
        body: { query: `SELECT * FROM devices WHERE deviceId = '${f.deviceId}'` },
      });
      expect(twin.status).toBe(200);
      expect(query.status).toBe(200);
      expect(twin.text + query.text).not.toMatch(/primaryKey|SharedAccessKey/);
    }
  });
});

describe("a role change applies to live sessions", () => {
  it("demoting an operator to viewer takes twin writes away at the next request; promoting gives them back", async () => {
    const f = await makeFixture();
    const operator = await signInAs(await makeUser("operator"));
    const admin = sessions.admin;
    const patch = () => asUser(operator, "PATCH", `/api/twins/${enc(f.deviceId)}`, { body: { tags: { x: 1 } }, headers: ifMatch });
    expect((await patch()).status).toBe(200);
    expect((await asUser(admin, "PATCH", `/api/users/${enc(operator.id)}`, { body: { role: "viewer" } })).status).toBe(200);
    const denied = await patch();
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe("Forbidden");
    expect((await asUser(admin, "PATCH", `/api/users/${enc(operator.id)}`, { body: { role: "operator" } })).status).toBe(200);
    expect((await patch()).status).toBe(200);
  });
});
