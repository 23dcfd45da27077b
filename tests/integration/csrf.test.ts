import { beforeAll, describe, expect, it } from "vitest";
import { createAccessPolicy, deleteAccessPolicy, listAccessPolicies } from "@/lib/data/manage-access-policies";
import { countUsers, getUser } from "@/lib/data/operator-users";
import { callApi, enc, setupPolicies, sqlRows, uniqueId } from "./support/api";
import { makeFixture, rowCounts, type Fixture } from "./support/endpoints";
import {
  asUser,
  CLIENT_ADDRESS_HEADER,
  makeUser,
  newPassword,
  postLogin,
  randomAddress,
  signIn,
  signInAs,
  tokenOf,
  uniqueUsername,
  withPolicyLock,
  type Session,
  type TestUser,
} from "./support/operators";

/**
 * CSRF: a request carrying the session cookie that changes state must come from the console's own
 * origin (Origin, or failing that Referer); otherwise 403 and nothing is written. Reads are not
 * checked, SAS-signed automation is not checked (no ambient credential), and sign-in and setup refuse
 * foreign origins too (login CSRF).
 */

let admin: Session;
beforeAll(async () => {
  await setupPolicies();
  admin = await signIn("admin");
});

/** Origin/Referer combinations a browser could send from somewhere else, or that prove nothing. */
const FOREIGN: Array<[string, Record<string, string | null>]> = [
  ["Origin of another site", { origin: "https://evil.example", referer: null }],
  ["Origin on another port", { origin: "http://localhost:4000", referer: null }],
  ["Origin: null (sandboxed frame)", { origin: "null", referer: null }],
  ["a lookalike Origin (localhost.evil.example)", { origin: "http://localhost.evil.example", referer: null }],
  ["no Origin and a cross-site Referer", { origin: null, referer: "https://evil.example/page" }],
  ["foreign Origin with a same-origin Referer", { origin: "https://evil.example", referer: "http://localhost/devices" }],
  ["neither Origin nor Referer", { origin: null, referer: null }],
  ["a garbage Origin", { origin: "::::", referer: null }],
];

type Ctx = { f: Fixture; policy: string; target: TestUser | null; session: Session };
type Write = {
  method: string;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  headers?: Record<string, string>;
  ok: number;
  /** Uses a session of its own (logout and password change end or touch sessions). */
  own?: boolean;
};

const d = (c: Ctx) => `/api/devices/${enc(c.f.deviceId)}`;
const ifMatch = { "if-match": "*" };
const WRITES: Record<string, Write> = {
  "create device": { method: "PUT", path: (c) => `/api/devices/${enc(c.f.freshId)}`, body: (c) => ({ deviceId: c.f.freshId }), ok: 200 },
  "update device": { method: "PUT", path: d, body: (c) => ({ deviceId: c.f.deviceId, status: "disabled" }), headers: ifMatch, ok: 200 },
  "delete device": { method: "DELETE", path: d, ok: 204 },
  "create module": {
    method: "PUT",
    path: (c) => `${d(c)}/modules/${enc(c.f.freshId)}`,
    body: (c) => ({ deviceId: c.f.deviceId, moduleId: c.f.freshId }),
    ok: 201,
  },
  "delete module": { method: "DELETE", path: (c) => `${d(c)}/modules/${enc(c.f.moduleId)}`, ok: 204 },
  "regenerate key": { method: "POST", path: (c) => `${d(c)}/regenerate-key`, body: () => ({ key: "primary" }), ok: 200 },
  "patch twin": { method: "PATCH", path: (c) => `/api/twins/${enc(c.f.deviceId)}`, body: () => ({ tags: { csrf: 1 } }), headers: ifMatch, ok: 200 },
  "replace twin": { method: "PUT", path: (c) => `/api/twins/${enc(c.f.deviceId)}`, body: () => ({ tags: { csrf: 2 } }), headers: ifMatch, ok: 200 },
  // A query changes nothing, but it is a POST: the check is by method, not by route.
  query: { method: "POST", path: () => "/api/devices/query", body: (c) => ({ query: `SELECT * FROM devices WHERE deviceId = '${c.f.deviceId}'` }), ok: 200 },
  "create user": {
    method: "POST",
    path: () => "/api/users",
    body: (c) => ({ username: `it-csrf-${c.f.freshId}`, password: newPassword(), role: "admin" }),
    ok: 201,
  },
  "update user": { method: "PATCH", path: (c) => `/api/users/${enc(c.target!.id)}`, body: () => ({ role: "admin" }), ok: 200 },
  "create policy": { method: "POST", path: () => "/api/policies", body: (c) => ({ keyName: c.policy, rights: ["registryWrite"] }), ok: 201 },
  "rotate policy key": { method: "POST", path: (c) => `/api/policies/${enc(c.policy)}/rotate-key`, body: () => ({ key: "primary" }), ok: 200 },
  "delete policy": { method: "DELETE", path: (c) => `/api/policies/${enc(c.policy)}`, ok: 204 },
  "change own password": {
    method: "POST",
    path: () => "/api/auth/password",
    body: (c) => ({ currentPassword: c.session.password, newPassword: newPassword() }),
    ok: 200,
    own: true,
  },
  logout: { method: "POST", path: () => "/api/auth/logout", ok: 200, own: true },
};
const needsPolicy = (name: string) => name === "rotate policy key" || name === "delete policy";

async function context(name: string, w: Write): Promise<Ctx> {
  const f = await makeFixture();
  const policy = uniqueId("it-csrf-policy");
  if (needsPolicy(name)) await createAccessPolicy(policy, ["registryRead"], { actor: "test", now: new Date() });
  // (Users only where needed: every one costs an Argon2 hash.)
  return { f, policy, target: name === "update user" ? await makeUser("viewer") : null, session: w.own ? await signIn("admin") : admin };
}

/** Everything a refused write could have touched. */
async function state(c: Ctx) {
  const read = async (path: string) => {
    const res = await callApi("GET", path);
    return [res.status, res.json];
  };
  const session = await sqlRows("select token_hash, created_at from sessions where user_id = $1 order by token_hash", [c.session.id]);
  return {
    device: await read(d(c)),
    module: await read(`${d(c)}/modules/${enc(c.f.moduleId)}`),
    twin: await read(`/api/twins/${enc(c.f.deviceId)}`),
    counts: await rowCounts([c.f.deviceId, c.f.freshId]),
    policy: (await listAccessPolicies({ includeKeys: true })).filter((p) => p.keyName === c.policy),
    target: c.target && (await getUser(c.target.id)),
    newUser: await sqlRows("select 1 from users where username = $1", [`it-csrf-${c.f.freshId}`]),
    me: { hash: (await getUser(c.session.id)).passwordHash, session },
    audit: await sqlRows("select count(*)::int as n from audit_log where actor = $1", [`user:${c.session.username}`]),
  };
}

/** Only the policy writes need the quota lock (see withPolicyLock). */
const locked = <T>(name: string, fn: () => Promise<T>) => (name.includes("policy") ? withPolicyLock("shared", fn) : fn());

const cleanup = (c: Ctx) => deleteAccessPolicy(c.policy, { actor: "test", now: new Date() }).catch(() => {});

describe("cookie-authenticated writes from elsewhere", () => {
  it.each(Object.entries(WRITES).flatMap(([name, w]) => FOREIGN.map(([why, headers]) => [name, why, w, headers] as const)))(
    "%s with %s: 403 Forbidden, nothing written",
    (name, _why, w, headers) =>
      locked(name, async () => {
        const c = await context(name, w);
        try {
          const before = await state(c);
          const res = await asUser(c.session, w.method, w.path(c), { body: w.body?.(c), headers: { ...w.headers, ...headers } });
          expect(res.status, res.text).toBe(403);
          expect(res.json.error.code).toBe("Forbidden");
          expect(res.json.error.details.path).toBe("origin");
          expect(await state(c)).toEqual(before);
          // The session itself is untouched.
          expect((await asUser(c.session, "GET", "/api/auth/status")).json.user?.username).toBe(c.session.username);
        } finally {
          await cleanup(c);
        }
      }),
  );
});

describe("cookie-authenticated writes from the console", () => {
  it.each(
    Object.entries(WRITES).flatMap(([name, w]) => [
      [name, "same-origin Origin", w, { origin: "http://localhost", referer: null }] as const,
      [name, "no Origin but a same-origin Referer", w, { origin: null, referer: "http://localhost/devices/x?y=1" }] as const,
      [name, "Origin in another case", w, { origin: "HTTP://LOCALHOST", referer: null }] as const,
    ]),
  )("%s with %s is allowed", (name, _why, w, headers) =>
    locked(name, async () => {
      const c = await context(name, w);
      try {
        const res = await asUser(c.session, w.method, w.path(c), { body: w.body?.(c), headers: { ...w.headers, ...headers } });
        expect(res.status, res.text).toBe(w.ok);
      } finally {
        await cleanup(c);
      }
    }),
  );
});

describe("reads", () => {
  it.each(FOREIGN)("a GET with %s is allowed (reads change nothing)", async (_why, headers) => {
    const f = await makeFixture();
    for (const path of [`/api/devices/${enc(f.deviceId)}`, `/api/twins/${enc(f.deviceId)}`, "/api/users", "/api/audit?limit=1", "/api/auth/status"]) {
      const res = await asUser(admin, "GET", path, { headers });
      expect(res.status, `${path}: ${res.text}`).toBe(200);
    }
  });
});

describe("sign-in and setup", () => {
  it.each(FOREIGN)("login with %s: 403, no session, no failure counted, nothing audited", async (_why, headers) => {
    const user = await makeUser("viewer");
    const address = randomAddress();
    const res = await postLogin(user.username, user.password, { ...headers, [CLIENT_ADDRESS_HEADER]: address });
    expect(res.status, res.text).toBe(403);
    expect(res.json.error.code).toBe("Forbidden");
    expect(tokenOf(res)).toBeNull();
    expect(await sqlRows("select 1 from sessions where user_id = $1", [user.id])).toEqual([]);
    expect(await sqlRows("select 1 from login_throttle where client_address = $1", [address])).toEqual([]);
    expect(await sqlRows("select 1 from audit_log where client_address = $1", [address])).toEqual([]);
    // A wrong password from a foreign origin is the same 403 (it reveals nothing and counts nothing).
    const wrong = await postLogin(user.username, "wrong-password", { ...headers, [CLIENT_ADDRESS_HEADER]: address });
    expect(wrong.status).toBe(403);
    expect(await sqlRows("select 1 from login_throttle where client_address = $1", [address])).toEqual([]);
  });

  it("login with only a same-origin Referer is allowed", async () => {
    const user = await makeUser("viewer");
    const res = await postLogin(user.username, user.password, { origin: null, referer: "http://localhost/login" });
    expect(res.status, res.text).toBe(200);
    expect(tokenOf(res)).toBeTruthy();
  });

  it.each(FOREIGN)("setup with %s: 403 and nobody is created", async (_why, headers) => {
    const users = await countUsers();
    const username = uniqueUsername("it-setup");
    const res = await callApi("POST", "/api/auth/setup", {
      auth: false,
      body: { username, password: newPassword() },
      headers: { host: "localhost", ...headers },
    });
    expect(res.status, res.text).toBe(403);
    expect(res.json.error.code).toBe("Forbidden");
    expect(tokenOf(res)).toBeNull();
    expect(await sqlRows("select 1 from users where username = $1", [username])).toEqual([]);
    if (users === 0) expect(await countUsers()).toBe(0);
  });
});

describe("SAS-signed automation", () => {
  it.each(FOREIGN)("is not subject to the Origin check (%s)", async (_why, headers) => {
    const f = await makeFixture();
    const create = await callApi("PUT", `/api/devices/${enc(f.freshId)}`, { body: { deviceId: f.freshId }, headers });
    expect(create.status, create.text).toBe(200);
    const patch = await callApi("PATCH", `/api/twins/${enc(f.deviceId)}`, { body: { tags: { sas: 1 } }, headers: { ...headers, "if-match": "*" } });
    expect(patch.status, patch.text).toBe(200);
    const del = await callApi("DELETE", `/api/devices/${enc(f.deviceId)}`, { headers });
    expect(del.status, del.text).toBe(204);
  });

  it("a cookie does not rescue a bad SAS token, and a SAS token does not need the cookie's origin", async () => {
    const f = await makeFixture();
    const res = await callApi("PUT", `/api/devices/${enc(f.freshId)}`, {
      body: { deviceId: f.freshId },
      headers: { authorization: "SharedAccessSignature sr=localhost&sig=x&se=1&skn=iothubowner", cookie: admin.cookie, origin: "http://localhost", host: "localhost" },
    });
    expect(res.status).toBe(401);
    expect((await callApi("GET", `/api/devices/${enc(f.freshId)}`)).status).toBe(404);
  });
});

describe("a signed-in user on a foreign page", () => {
  it("cannot sign the victim out, or change the victim's password", async () => {
    const victim = await signInAs(await makeUser("operator"));
    const out = await asUser(victim, "POST", "/api/auth/logout", { headers: { origin: "https://evil.example" } });
    expect(out.status).toBe(403);
    expect(out.headers.get("set-cookie")).toBeNull();
    const pw = await asUser(victim, "POST", "/api/auth/password", {
      headers: { origin: "https://evil.example" },
      body: { currentPassword: victim.password, newPassword: newPassword() },
    });
    expect(pw.status).toBe(403);
    expect((await postLogin(victim.username, victim.password)).status).toBe(200);
    expect((await asUser(victim, "GET", "/api/auth/status")).json.user.username).toBe(victim.username);
  });
});
