import { beforeAll, describe, expect, it } from "vitest";
import { sessionLimits } from "@/lib/auth/session-principal";
import { hashSessionToken } from "@/lib/auth/session-token";
import { deleteExpiredSessions } from "@/lib/data/operator-sessions";
import { countUsers } from "@/lib/data/operator-users";
import { getStore } from "@/lib/data/store";
import { callApi, enc, setupPolicies, sqlRows } from "./support/api";
import {
  asUser,
  makeUser,
  newPassword,
  postLogin,
  SAME_ORIGIN,
  sessionRows,
  signIn,
  signInAs,
  tokenOf,
  withOwnDatabase,
  uniqueUsername,
  type Session,
} from "./support/operators";

/**
 * Operator sessions (issue "Operator access"): first-run setup, the cookie's attributes, logout,
 * password change, account disable, idle and absolute expiry, and the last-admin rule.
 */

const isPglite = async () => (await getStore()).kind === "pglite";
const status = (session: Session | string) => asUser(session, "GET", "/api/auth/status");
/** A request that needs a valid session and nothing else: 200 while it lives, 401 after. */
const probe = (session: Session | string) => asUser(session, "GET", "/api/audit?limit=1");

async function expectSignedOut(session: Session) {
  const res = await probe(session);
  expect(res.status, res.text).toBe(401);
  expect(res.json.error.code).toBe("IotHubUnauthorizedAccess");
  expect((await status(session)).json.user).toBeNull();
}

const shift = (tokenHash: string, column: "last_seen_at" | "created_at", minutesAgo: number) =>
  sqlRows(`update sessions set ${column} = now() - make_interval(mins => $2) where token_hash = $1`, [tokenHash, minutesAgo]);

// Runs first: on PGlite each file has its own empty database, so setup is still open here.
describe("first-run setup", () => {
  it("is open exactly while no user exists (success path on a fresh PGlite store)", async () => {
    if (!(await isPglite())) {
      // The shared PostgreSQL database may or may not have users yet; make sure it does.
      await makeUser("viewer");
      const res = await callApi("POST", "/api/auth/setup", {
        auth: false,
        body: { username: uniqueUsername("it-setup"), password: newPassword() },
        headers: SAME_ORIGIN,
      });
      expect(res.status, res.text).toBe(409);
      expect(res.json.error.code).toBe("Conflict");
      expect(tokenOf(res)).toBeNull();
      return;
    }
    expect(await countUsers()).toBe(0);
    expect((await callApi("GET", "/api/auth/status", { auth: false })).json).toEqual({ setupRequired: true, user: null });

    // A password under 12 characters is refused and creates nobody.
    const short = await callApi("POST", "/api/auth/setup", {
      auth: false,
      body: { username: "first-admin", password: "elevenchars" },
      headers: SAME_ORIGIN,
    });
    expect(short.status).toBe(400);
    expect(short.json.error.details.path).toBe("password");
    expect(await countUsers()).toBe(0);

    const password = newPassword();
    const res = await callApi("POST", "/api/auth/setup", {
      auth: false,
      body: { username: "First-Admin", password },
      headers: { ...SAME_ORIGIN, "x-edgedeck-client-address": "192.0.2.1" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.user).toMatchObject({ username: "first-admin", role: "admin" });
    const token = tokenOf(res);
    expect(token).toBeTruthy();
    const me = await status(`edgedeck_session=${token}`);
    expect(me.json).toMatchObject({ setupRequired: false, user: { username: "first-admin", role: "admin" } });

    // Only once: a second setup (even with the same credentials) is 409 and creates nobody.
    const again = await callApi("POST", "/api/auth/setup", {
      auth: false,
      body: { username: "second-admin", password: newPassword() },
      headers: SAME_ORIGIN,
    });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("Conflict");
    expect(await countUsers()).toBe(1);

    // Two browsers racing through setup cannot both create an admin.
    const races = await Promise.all(
      [1, 2, 3].map((i) =>
        callApi("POST", "/api/auth/setup", { auth: false, body: { username: `racer-${i}`, password: newPassword() }, headers: SAME_ORIGIN }),
      ),
    );
    expect(races.map((r) => r.status)).toEqual([409, 409, 409]);
    expect(await countUsers()).toBe(1);
  });
});

describe("sessions", () => {
  beforeAll(async () => {
    await setupPolicies();
  });

  describe("the cookie", () => {
    it("is HttpOnly, SameSite=Lax, Path=/, lives as long as the absolute limit, and is not Secure over plain HTTP", async () => {
      const user = await makeUser("viewer");
      const res = await postLogin(user.username, user.password);
      expect(res.status).toBe(200);
      expect(res.json.user).toEqual({ id: user.id, username: user.username, role: "viewer" });
      const cookie = res.headers.get("set-cookie")!;
      const attributes = cookie.split(";").map((s) => s.trim().toLowerCase());
      expect(attributes[0]).toMatch(/^edgedeck_session=[a-z0-9_-]{43}$/i);
      expect(attributes).toContain("httponly");
      expect(attributes).toContain("samesite=lax");
      expect(attributes).toContain("path=/");
      expect(attributes).toContain(`max-age=${sessionLimits().absoluteMs / 1000}`);
      expect(attributes).not.toContain("secure");
    });

    it("is Secure behind a TLS proxy (x-forwarded-proto: https), and so is the cookie logout clears", async () => {
      const user = await makeUser("viewer");
      const res = await postLogin(user.username, user.password, { "x-forwarded-proto": "https" });
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")!.split(";").map((s) => s.trim())).toContain("Secure");
      const out = await asUser(`edgedeck_session=${tokenOf(res)}`, "POST", "/api/auth/logout", { headers: { "x-forwarded-proto": "https" } });
      expect(out.status).toBe(200);
      const cleared = out.headers.get("set-cookie")!.split(";").map((s) => s.trim());
      expect(cleared).toEqual(expect.arrayContaining(["edgedeck_session=", "Max-Age=0", "HttpOnly", "SameSite=Lax", "Secure"]));
    });

    it("the store keeps only a hash of the token", async () => {
      const session = await signIn("viewer");
      const rows = await sessionRows(session.id);
      expect(rows.map((r) => r.token_hash)).toEqual([hashSessionToken(session.token)]);
      expect(JSON.stringify(await sqlRows("select * from sessions where user_id = $1", [session.id]))).not.toContain(session.token);
    });

    it.each([
      ["no cookie", ""],
      ["an unknown token", "edgedeck_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
      ["an empty token", "edgedeck_session="],
      ["another cookie only", "other=1"],
      ["the hash instead of the token", "HASH"],
    ])("%s is 401", async (_name, cookie) => {
      const session = await signIn("viewer");
      const header = cookie === "HASH" ? `edgedeck_session=${hashSessionToken(session.token)}` : cookie;
      const res = await asUser(header, "GET", "/api/devices?top=1");
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("IotHubUnauthorizedAccess");
    });
  });

  describe("logout", () => {
    it("ends this session only: the cookie is then 401 and its row is gone; the user's other sessions live on", async () => {
      const user = await makeUser("operator");
      const a = await signInAs(user);
      const b = await signInAs(user);
      expect((await probe(a)).status).toBe(200);
      const res = await asUser(a, "POST", "/api/auth/logout");
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toMatch(/^edgedeck_session=;.*Max-Age=0/);
      await expectSignedOut(a);
      expect((await sessionRows(user.id)).map((r) => r.token_hash)).toEqual([hashSessionToken(b.token)]);
      expect((await probe(b)).status).toBe(200);
      // A second logout with the dead cookie is 401, not a crash.
      expect((await asUser(a, "POST", "/api/auth/logout")).status).toBe(401);
    });
  });

  describe("password change", () => {
    it("ends the user's other sessions, keeps the current one; the old password stops working", async () => {
      const user = await makeUser("viewer");
      const current = await signInAs(user);
      const other = await signInAs(user);
      const bystander = await signIn("viewer");
      const next = newPassword();
      const res = await asUser(current, "POST", "/api/auth/password", { body: { currentPassword: user.password, newPassword: next } });
      expect(res.status, res.text).toBe(200);
      expect((await probe(current)).status).toBe(200);
      await expectSignedOut(other);
      expect((await probe(bystander)).status).toBe(200);
      expect((await sessionRows(user.id)).map((r) => r.token_hash)).toEqual([hashSessionToken(current.token)]);
      expect((await postLogin(user.username, user.password)).status).toBe(401);
      expect((await postLogin(user.username, next)).status).toBe(200);
    });

    it.each([
      ["a wrong current password", (pw: string) => ({ currentPassword: `${pw}x`, newPassword: newPassword() }), "currentPassword"],
      ["a new password under 12 characters", (pw: string) => ({ currentPassword: pw, newPassword: "short-pw" }), "newPassword"],
      ["a missing new password", (pw: string) => ({ currentPassword: pw }), "newPassword"],
    ])("%s is 400 and changes nothing", async (_name, body, path) => {
      const user = await makeUser("viewer");
      const current = await signInAs(user);
      const other = await signInAs(user);
      const res = await asUser(current, "POST", "/api/auth/password", { body: body(user.password) });
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.details.path).toBe(path);
      expect((await probe(other)).status).toBe(200);
      expect((await postLogin(user.username, user.password)).status).toBe(200);
    });

    it("an admin resetting someone's password ends all of that user's sessions", async () => {
      const admin = await signIn("admin");
      const user = await makeUser("operator");
      const a = await signInAs(user);
      const b = await signInAs(user);
      const next = newPassword();
      const res = await asUser(admin, "PATCH", `/api/users/${enc(user.id)}`, { body: { password: next } });
      expect(res.status, res.text).toBe(200);
      await expectSignedOut(a);
      await expectSignedOut(b);
      expect((await postLogin(user.username, user.password)).status).toBe(401);
      expect((await postLogin(user.username, next)).status).toBe(200);
      expect((await probe(admin)).status).toBe(200);
    });
  });

  describe("account disable", () => {
    it("ends every session of the user; sign-in then fails with the same 401 as a wrong password; enabling restores sign-in", async () => {
      const admin = await signIn("admin");
      const user = await makeUser("operator");
      const a = await signInAs(user);
      const b = await signInAs(user);
      const res = await asUser(admin, "PATCH", `/api/users/${enc(user.id)}`, { body: { disabled: true } });
      expect(res.status, res.text).toBe(200);
      expect(res.json).toMatchObject({ id: user.id, disabled: true });
      await expectSignedOut(a);
      await expectSignedOut(b);
      expect(await sessionRows(user.id)).toEqual([]);

      const disabled = await postLogin(user.username, user.password);
      const wrong = await postLogin(user.username, `${user.password}-wrong`);
      expect(disabled.status).toBe(401);
      expect(disabled.json.error).toEqual(wrong.json.error);
      expect(disabled.json.Message).toBe(wrong.json.Message);
      expect(tokenOf(disabled)).toBeNull();

      expect((await asUser(admin, "PATCH", `/api/users/${enc(user.id)}`, { body: { disabled: false } })).json.disabled).toBe(false);
      expect((await postLogin(user.username, user.password)).status).toBe(200);
    });

    it("a session whose user is disabled behind its back (no session cleanup) is refused too", async () => {
      const session = await signIn("viewer");
      await sqlRows("update users set disabled = true where id = $1", [session.id]);
      expect((await probe(session)).status).toBe(401);
    });
  });

  describe("expiry", () => {
    const { idleMs, absoluteMs } = sessionLimits();
    const idleMin = idleMs / 60_000;
    const absoluteMin = absoluteMs / 60_000;

    it("the defaults are 30 minutes idle and 12 hours absolute", () => {
      expect([idleMin, absoluteMin]).toEqual([30, 12 * 60]);
    });

    it(`idle for more than the idle limit: 401 and the session row is deleted`, async () => {
      const session = await signIn("viewer");
      const hash = hashSessionToken(session.token);
      await shift(hash, "last_seen_at", idleMin + 1);
      await expectSignedOut(session);
      expect(await sqlRows("select 1 from sessions where token_hash = $1", [hash])).toEqual([]);
    });

    it("idle for just under the limit: still valid, and the use moves last_seen_at forward", async () => {
      const session = await signIn("viewer");
      const hash = hashSessionToken(session.token);
      await shift(hash, "last_seen_at", idleMin - 1);
      expect((await probe(session)).status).toBe(200);
      const [row] = await sessionRows(session.id);
      expect(Date.now() - new Date(row!.last_seen_at).getTime()).toBeLessThan(60_000);
      // … so the idle clock restarts: the same session is still good.
      expect((await probe(session)).status).toBe(200);
    });

    it("older than the absolute limit, even if active a second ago: 401 and the row is deleted", async () => {
      const session = await signIn("viewer");
      const hash = hashSessionToken(session.token);
      await shift(hash, "created_at", absoluteMin + 1);
      await shift(hash, "last_seen_at", 0);
      await expectSignedOut(session);
      expect(await sqlRows("select 1 from sessions where token_hash = $1", [hash])).toEqual([]);
    });

    it("just under the absolute limit and active: still valid", async () => {
      const session = await signIn("viewer");
      await shift(hashSessionToken(session.token), "created_at", absoluteMin - 1);
      expect((await probe(session)).status).toBe(200);
    });

    it("an expired session is refused on writes as well as reads, and writes nothing", async () => {
      const session = await signIn("admin");
      await shift(hashSessionToken(session.token), "last_seen_at", idleMin + 5);
      const name = uniqueUsername("it-ghost");
      const res = await asUser(session, "POST", "/api/users", { body: { username: name, password: newPassword(), role: "admin" } });
      expect(res.status).toBe(401);
      expect(await sqlRows("select 1 from users where username = $1", [name])).toEqual([]);
    });

    it("the housekeeping sweep deletes expired sessions and keeps live ones", async () => {
      const idle = await signIn("viewer");
      const old = await signIn("viewer");
      const live = await signIn("viewer");
      await shift(hashSessionToken(idle.token), "last_seen_at", idleMin + 1);
      await shift(hashSessionToken(old.token), "created_at", absoluteMin + 1);
      await deleteExpiredSessions(new Date(), sessionLimits());
      expect(await sessionRows(idle.id)).toEqual([]);
      expect(await sessionRows(old.id)).toEqual([]);
      expect(await sessionRows(live.id)).toHaveLength(1);
      expect((await probe(live)).status).toBe(200);
    });
  });

  describe("the last enabled admin", () => {
    // assertAnotherAdmin counts every admin in the database; parallel files create admins on the
    // shared PostgreSQL database, so these run on a database of their own (see withOwnDatabase).
    const disableOtherAdmins = async (caller: Session, keep: string[]) => {
      const others = await sqlRows<{ id: string }>("select id from users where role = 'admin' and not disabled and not (id = any($1::text[]))", [keep]);
      for (const { id } of others) {
        expect((await asUser(caller, "PATCH", `/api/users/${enc(id)}`, { body: { disabled: true } })).status).toBe(200);
      }
    };
    const enabledAdmins = async () => Number((await sqlRows<{ n: string | number }>("select count(*) as n from users where role = 'admin' and not disabled"))[0]!.n);

    it("cannot be demoted or disabled (409 Conflict); a disabled admin does not count, a second enabled admin does", () =>
      withOwnDatabase(async () => {
        const a = await signIn("admin");
        await disableOtherAdmins(a, [a.id]);
        expect(await enabledAdmins()).toBe(1);
        for (const body of [{ role: "operator" }, { role: "viewer" }, { disabled: true }, { role: "viewer", disabled: true }]) {
          const res = await asUser(a, "PATCH", `/api/users/${enc(a.id)}`, { body });
          expect(res.status, JSON.stringify(body)).toBe(409);
          expect(res.json.error.code).toBe("Conflict");
          expect(res.json.error.message).toMatch(/last enabled admin/);
        }
        expect((await status(a)).json.user.role).toBe("admin");
        expect(await enabledAdmins()).toBe(1);

        const created = await asUser(a, "POST", "/api/users", { body: { username: uniqueUsername("it-b"), password: newPassword(), role: "admin" } });
        expect(created.status, created.text).toBe(201);
        expect((await asUser(a, "PATCH", `/api/users/${enc(a.id)}`, { body: { role: "operator" } })).status).toBe(200);
        expect(await enabledAdmins()).toBe(1);
      }));

    it("two admins demoting each other at the same time cannot leave the hub without an admin", () =>
      withOwnDatabase(async () => {
        for (let round = 0; round < 5; round++) {
          const a = await signIn("admin");
          const b = await signIn("admin");
          await disableOtherAdmins(a, [a.id, b.id]);
          expect(await enabledAdmins()).toBe(2);
          const results = await Promise.all([
            asUser(a, "PATCH", `/api/users/${enc(b.id)}`, { body: { role: "viewer" } }),
            asUser(b, "PATCH", `/api/users/${enc(a.id)}`, { body: { role: "viewer" } }),
          ]);
          // One wins; the other is refused (409 last admin, or 403 if the winner demoted its caller first).
          expect(results.map((r) => r.status).filter((s) => s === 200), `round ${round}`).toHaveLength(1);
          expect(await enabledAdmins(), `round ${round}`).toBe(1);
        }
      }));
  });
});
