import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { deleteAccessPolicy, MAX_POLICIES, MAX_SERVICE_CONNECT_POLICIES } from "@/lib/data/manage-access-policies";
import { callApi, enc, sasToken, setupPolicies, sqlRows, uniqueId, type ApiResponse } from "./support/api";
import { makeFixture, type Fixture } from "./support/endpoints";
import { asUser, signIn, withPolicyLock, type Session } from "./support/operators";

/**
 * Shared access policies managed by an admin in the console: create, rotate, delete, limits and
 * validation; and REST calls signed with such a policy's keys, which work exactly as far as its rights
 * go (IoT Hub's 401 beyond that).
 */

let admin: Session;
let f: Fixture;
const mine = new Set<string>();

beforeAll(async () => {
  await setupPolicies();
  admin = await signIn("admin");
  f = await makeFixture();
});

/** Deletes the policies a test created (called inside its policy lock, see withPolicyLock). */
async function cleanup() {
  for (const keyName of mine) await deleteAccessPolicy(keyName, { actor: "test", now: new Date() }).catch(() => {});
  mine.clear();
}
afterEach(cleanup);

/** The shared policy lock around a test body, cleaning up its policies before letting go. */
const locked = (fn: () => Promise<void>) =>
  withPolicyLock("shared", async () => {
    try {
      await fn();
    } finally {
      await cleanup();
    }
  });

async function create(rights: string[], keyName = uniqueId("it-pol")): Promise<ApiResponse> {
  mine.add(keyName);
  return asUser(admin, "POST", "/api/policies", { body: { keyName, rights } });
}

const tokenFor = (policy: string, key: string, ttlSeconds?: number) => sasToken({ policy, key, ttlSeconds });
const signed = (authorization: string, method: string, path: string, body?: unknown) =>
  callApi(method, path, { body, headers: { authorization, ...(path.startsWith("/api/twins") ? { "if-match": "*" } : {}) } });

/** Polls until `check` holds (the policy cache lives 2 s) or `ms` pass; returns the last status. */
async function eventually(fn: () => Promise<ApiResponse>, status: number, ms = 2500): Promise<ApiResponse> {
  const until = Date.now() + ms;
  for (;;) {
    const res = await fn();
    if (res.status === status || Date.now() > until) return res;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const base64Key = (key: unknown) => {
  expect(key).toEqual(expect.stringMatching(/^[A-Za-z0-9+/]+={0,2}$/));
  expect(Buffer.from(key as string, "base64").length).toBeGreaterThanOrEqual(32);
};

describe("create", () => {
  it("201 with both keys, and the list shows it with its keys", () =>
    locked(async () => {
      const keyName = uniqueId("it-pol");
      const res = await create(["registryRead", "serviceConnect"], keyName);
      expect(res.status, res.text).toBe(201);
      expect(res.json).toMatchObject({ keyName, rights: ["registryRead", "serviceConnect"] });
      base64Key(res.json.primaryKey);
      base64Key(res.json.secondaryKey);
      expect(res.json.primaryKey).not.toBe(res.json.secondaryKey);
      expect(Date.parse(res.json.createdAt)).toBeGreaterThan(Date.now() - 60_000);
      const list = await asUser(admin, "GET", "/api/policies");
      expect(list.json.find((p: { keyName: string }) => p.keyName === keyName)).toEqual(res.json);
    }));

  it("repeated rights are stored once", () =>
    locked(async () => {
      const res = await create(["registryRead", "registryRead"]);
      expect(res.status, res.text).toBe(201);
      expect(res.json.rights).toEqual(["registryRead"]);
    }));

  it.each([
    ["a policy's own name", "dup"],
    ["a default policy's name", "iothubowner"],
  ])("a duplicate name (%s) is 409 Conflict and the existing keys are kept", (_case, which) =>
    locked(async () => {
      let keyName = "iothubowner";
      if (which === "dup") {
        keyName = uniqueId("it-pol");
        expect((await create(["registryRead"], keyName)).status).toBe(201);
      }
      const before = (await sqlRows("select primary_key, secondary_key, rights from access_policies where key_name = $1", [keyName]))[0];
      const res = await asUser(admin, "POST", "/api/policies", { body: { keyName, rights: ["serviceConnect"] } });
      expect(res.status, res.text).toBe(409);
      expect(res.json.error.code).toBe("Conflict");
      expect(res.json.error.details.path).toBe("keyName");
      expect((await sqlRows("select primary_key, secondary_key, rights from access_policies where key_name = $1", [keyName]))[0]).toEqual(before);
    }));

  it.each<[string, unknown, string]>([
    ["an empty name", { keyName: "", rights: ["registryRead"] }, "keyName"],
    ["a name with a space", { keyName: "has space", rights: ["registryRead"] }, "keyName"],
    ["a name with a slash", { keyName: "a/b", rights: ["registryRead"] }, "keyName"],
    ["a name with a semicolon (breaks connection strings)", { keyName: "a;b", rights: ["registryRead"] }, "keyName"],
    ["a 65-character name", { keyName: "x".repeat(65), rights: ["registryRead"] }, "keyName"],
    ["a non-ASCII name", { keyName: "pölicy", rights: ["registryRead"] }, "keyName"],
    ["a numeric name", { keyName: 42, rights: ["registryRead"] }, "keyName"],
    ["no name", { rights: ["registryRead"] }, "keyName"],
    ["no rights", { keyName: "it-norights" }, "rights"],
    ["an empty rights list", { keyName: "it-emptyrights", rights: [] }, "rights"],
    ["an unknown right", { keyName: "it-badright", rights: ["root"] }, "rights.0"],
    ["a right in the wrong case", { keyName: "it-badcase", rights: ["RegistryRead"] }, "rights.0"],
    ["rights as a string", { keyName: "it-rightsstring", rights: "registryRead" }, "rights"],
    ["five rights", { keyName: "it-five", rights: ["registryRead", "registryWrite", "serviceConnect", "deviceConnect", "registryRead"] }, "rights"],
    ["an unknown field", { keyName: "it-extra", rights: ["registryRead"], primaryKey: "AAAA" }, "primaryKey"],
  ])("%s is 400 with the field's path, and creates nothing", async (_case, body, path) => {
    const name = (body as { keyName?: unknown }).keyName;
    const res = await asUser(admin, "POST", "/api/policies", { body });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe("ArgumentInvalid");
    expect(res.json.error.details.path).toBe(path);
    if (typeof name === "string") expect(await count(`key_name = '${name.replaceAll("'", "''")}'`)).toBe(0);
  });

  it("rotate: an unknown key choice is 400; an unknown policy is 404; delete of an unknown policy is 404", async () => {
    const bad = await asUser(admin, "POST", `/api/policies/iothubowner/rotate-key`, { body: { key: "tertiary" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.path).toBe("key");
    const missing = uniqueId("it-missing");
    expect((await asUser(admin, "POST", `/api/policies/${missing}/rotate-key`, { body: { key: "primary" } })).status).toBe(404);
    expect((await asUser(admin, "DELETE", `/api/policies/${missing}`)).status).toBe(404);
  });
});

describe("a policy's tokens do what its rights allow and no more", () => {
  const deviceBody = (id: string) => ({ deviceId: id });
  type Call = [string, string, (id: string) => string, ((id: string) => unknown)?];
  const CALLS: Record<string, Call> = {
    "list devices": ["GET", "registry.read", () => "/api/devices?top=5"],
    "get device": ["GET", "registry.read", () => `/api/devices/${enc(f.deviceId)}`],
    "create device": ["PUT", "registry.write", (id) => `/api/devices/${enc(id)}`, deviceBody],
    "read twin": ["GET", "twins.read", () => `/api/twins/${enc(f.deviceId)}`],
    "patch twin": ["PATCH", "twins.write", () => `/api/twins/${enc(f.deviceId)}`, () => ({ tags: { policyProbe: randomBytes(2).toString("hex") } })],
    query: ["POST", "query", () => "/api/devices/query", () => ({ query: "SELECT deviceId FROM devices" })],
    "connection strings": ["GET", "secrets.read", () => `/api/devices/${enc(f.deviceId)}/connection-strings`],
    "audit trail": ["GET", "audit.read", () => "/api/audit"],
    "list users": ["GET", "users.manage", () => "/api/users"],
    "list policies": ["GET", "policies.manage", () => "/api/policies"],
  };
  const GRANTS: Record<string, string[]> = {
    registryRead: ["list devices", "get device", "read twin", "query", "connection strings"],
    registryWrite: ["create device"],
    serviceConnect: ["read twin", "patch twin", "query"],
    deviceConnect: [],
  };

  it.each(Object.keys(GRANTS))("[%s]", (right) =>
    locked(async () => {
      const created = await create([right]);
      expect(created.status, created.text).toBe(201);
      const token = await tokenFor(created.json.keyName, created.json.primaryKey);
      for (const [name, [method, action, path, body]] of Object.entries(CALLS)) {
        const id = uniqueId("it-pol-dev");
        const res = await signed(token, method, path(id), body?.(id));
        if (GRANTS[right]!.includes(name)) {
          expect(res.status, `${name}: ${res.text}`).toBeLessThan(300);
        } else {
          expect(res.status, `${name}: ${res.text}`).toBe(401);
          expect(res.json.error.code).toBe("IotHubUnauthorizedAccess");
          expect(res.json.error.message).toContain(action);
          if (method === "PUT") expect((await callApi("GET", `/api/devices/${enc(id)}`)).status).toBe(404);
        }
      }
    }));

  it("the secondary key works as well as the primary; a wrong key, an expired token and another policy's name are 401", () =>
    locked(async () => {
      const created = await create(["registryRead"]);
      const { keyName, primaryKey, secondaryKey } = created.json;
      const get = (authorization: string) => signed(authorization, "GET", `/api/devices/${enc(f.deviceId)}`);
      expect((await get(await tokenFor(keyName, secondaryKey))).status).toBe(200);
      for (const authorization of [
        await tokenFor(keyName, randomBytes(32).toString("base64")),
        await tokenFor(keyName, primaryKey, -400),
        await tokenFor("iothubowner", primaryKey),
      ]) {
        const res = await get(authorization);
        expect(res.status).toBe(401);
        expect(res.json.error.code).toBe("IotHubUnauthorizedAccess");
      }
    }));
});

describe("rotate and delete", () => {
  it.each(["primary", "secondary"] as const)("rotating the %s key: the old key's tokens stop within 2.5 s, the other key keeps working", (which) =>
    locked(async () => {
      const created = await create(["registryRead"]);
      const { keyName } = created.json;
      const other = which === "primary" ? "secondaryKey" : "primaryKey";
      const rotatedKey = which === "primary" ? "primaryKey" : "secondaryKey";
      const oldToken = await tokenFor(keyName, created.json[rotatedKey]);
      const otherToken = await tokenFor(keyName, created.json[other]);
      const get = (authorization: string) => signed(authorization, "GET", `/api/devices/${enc(f.deviceId)}`);
      expect((await get(oldToken)).status).toBe(200);

      const res = await asUser(admin, "POST", `/api/policies/${enc(keyName)}/rotate-key`, { body: { key: which } });
      expect(res.status, res.text).toBe(200);
      expect(res.json[other]).toBe(created.json[other]);
      expect(res.json[rotatedKey]).not.toBe(created.json[rotatedKey]);
      base64Key(res.json[rotatedKey]);

      const started = Date.now();
      const refused = await eventually(() => get(oldToken), 401);
      expect(refused.status).toBe(401);
      expect(Date.now() - started).toBeLessThan(2600);
      expect((await get(otherToken)).status).toBe(200);
      expect((await get(await tokenFor(keyName, res.json[rotatedKey]))).status).toBe(200);
    }));

  it("delete: 204, then both keys' tokens are 401 within 2.5 s and the name is free again", () =>
    locked(async () => {
      const created = await create(["registryRead", "registryWrite"]);
      const { keyName, primaryKey, secondaryKey } = created.json;
      const tokens = [await tokenFor(keyName, primaryKey), await tokenFor(keyName, secondaryKey)];
      const get = (authorization: string) => signed(authorization, "GET", `/api/devices/${enc(f.deviceId)}`);
      expect((await get(tokens[0]!)).status).toBe(200);
      const res = await asUser(admin, "DELETE", `/api/policies/${enc(keyName)}`);
      expect(res.status, res.text).toBe(204);
      for (const token of tokens) expect((await eventually(() => get(token), 401)).status).toBe(401);
      expect((await asUser(admin, "GET", "/api/policies")).json.map((p: { keyName: string }) => p.keyName)).not.toContain(keyName);
      expect((await asUser(admin, "DELETE", `/api/policies/${enc(keyName)}`)).status).toBe(404);
      const again = await create(["registryRead"], keyName);
      expect(again.status).toBe(201);
      expect(again.json.primaryKey).not.toBe(primaryKey);
      // A token for the old key does not work for the new policy of the same name.
      expect((await eventually(() => get(tokens[0]!), 401)).status).toBe(401);
    }));
});

describe("limits", () => {
  it(`at most ${MAX_POLICIES} policies: the next one is 403 IotHubQuotaExceeded and creates nothing`, () =>
    withPolicyLock("exclusive", async () => {
      const filled: string[] = [];
      try {
        expect(MAX_POLICIES).toBe(16);
        const room = MAX_POLICIES - (await count());
        for (let i = 0; i < room; i++) {
          const res = await create(["registryRead"]);
          expect(res.status, res.text).toBe(201);
          filled.push(res.json.keyName);
        }
        expect(await count()).toBe(16);
        const keyName = uniqueId("it-pol-over");
        const over = await create(["registryRead"], keyName);
        expect(over.status, over.text).toBe(403);
        expect(over.json.error.code).toBe("IotHubQuotaExceeded");
        expect(await count()).toBe(16);
        expect(await count(`key_name = '${keyName}'`)).toBe(0);
        // Deleting one makes room again.
        expect((await asUser(admin, "DELETE", `/api/policies/${enc(filled.pop()!)}`)).status).toBe(204);
        expect((await create(["registryRead"], keyName)).status).toBe(201);
        filled.push(keyName);
      } finally {
        for (const keyName of filled) await deleteAccessPolicy(keyName, { actor: "test", now: new Date() }).catch(() => {});
      }
    }));

  it(`at most ${MAX_SERVICE_CONNECT_POLICIES} policies with serviceConnect; others can still be created`, () =>
    withPolicyLock("exclusive", async () => {
      const filled: string[] = [];
      try {
        expect(MAX_SERVICE_CONNECT_POLICIES).toBe(10);
        const room = MAX_SERVICE_CONNECT_POLICIES - (await count(`rights ? 'serviceConnect'`));
        expect(room + (await count())).toBeLessThan(MAX_POLICIES); // room left for the non-serviceConnect one below
        for (let i = 0; i < room; i++) {
          const res = await create(["serviceConnect"]);
          expect(res.status, res.text).toBe(201);
          filled.push(res.json.keyName);
        }
        const over = await create(["registryRead", "serviceConnect"]);
        expect(over.status, over.text).toBe(403);
        expect(over.json.error.code).toBe("IotHubQuotaExceeded");
        expect(over.json.error.details.path).toBe("rights");
        const plain = await create(["registryRead"]);
        expect(plain.status, plain.text).toBe(201);
        filled.push(plain.json.keyName);
      } finally {
        for (const keyName of filled) await deleteAccessPolicy(keyName, { actor: "test", now: new Date() }).catch(() => {});
      }
    }));
});

describe("who may manage policies", () => {
  it.each(["viewer", "operator"] as const)("a %s gets 403 for list, create, rotate and delete, and nothing changes", async (role) => {
    const session = await signIn(role);
    const keyName = uniqueId("it-pol");
    const before = await sqlRows("select key_name, primary_key, secondary_key from access_policies where key_name = 'iothubowner'");
    for (const [method, path, body] of [
      ["GET", "/api/policies", undefined],
      ["POST", "/api/policies", { keyName, rights: ["registryRead"] }],
      ["POST", "/api/policies/iothubowner/rotate-key", { key: "primary" }],
      ["DELETE", "/api/policies/iothubowner", undefined],
    ] as const) {
      const res = await asUser(session, method, path, { body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.text).not.toMatch(/"primaryKey":"/);
    }
    expect(await sqlRows("select key_name, primary_key, secondary_key from access_policies where key_name = 'iothubowner'")).toEqual(before);
    expect(await count(`key_name = '${keyName}'`)).toBe(0);
  });

  it("no policy, not even iothubowner, can manage policies, users or read the audit trail (401)", async () => {
    for (const [method, path, body] of [
      ["GET", "/api/policies", undefined],
      ["POST", "/api/policies", { keyName: uniqueId("it-pol"), rights: ["registryRead"] }],
      ["POST", "/api/policies/service/rotate-key", { key: "primary" }],
      ["DELETE", "/api/policies/service", undefined],
      ["GET", "/api/users", undefined],
      ["GET", "/api/audit", undefined],
    ] as const) {
      const res = await callApi(method, path, { body });
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(401);
      expect(res.json.error.code).toBe("IotHubUnauthorizedAccess");
    }
  });

  it("a policy calling a signed-in-operator endpoint (logout, password change) gets 401 like any other missing right", async () => {
    for (const [path, body] of [
      ["/api/auth/logout", undefined],
      ["/api/auth/password", { currentPassword: "x".repeat(12), newPassword: "y".repeat(12) }],
    ] as const) {
      const res = await callApi("POST", path, { body });
      expect(res.status, `${path}: ${res.text}`).toBe(401);
      expect(res.json.error.code).toBe("IotHubUnauthorizedAccess");
    }
  });
});

function count(where = "true") {
  return sqlRows<{ n: string }>(`select count(*) as n from access_policies where ${where}`).then((r) => Number(r[0]!.n));
}
