import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { pruneAuditLog } from "@/lib/data/list-audit-entries";
import { deleteAccessPolicy } from "@/lib/data/manage-access-policies";
import { callApi, enc, setupPolicies, sqlRows, uniqueId } from "./support/api";
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
  withPolicyLock,
  type Session,
} from "./support/operators";

/**
 * The audit trail: every mutation type is recorded with actor, client address, action, target and
 * before/after, and no secret (identity keys, policy keys, passwords, hashes) ever reaches it; the
 * REST endpoint filters and pages; retention deletes only old entries.
 */

type Entry = {
  id: number;
  at: string;
  actor: string;
  clientAddress: string | null;
  action: string;
  targetKind: string;
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  revisionId: number | null;
  outcome: string;
};

const ADDRESS = randomAddress();
const from = { [CLIENT_ADDRESS_HEADER]: ADDRESS };
/** Every secret this file handles; none may appear in any audit entry. */
const secrets = new Set<string>();
const keep = (...values: unknown[]) => {
  for (const v of values) if (typeof v === "string" && v.length >= 8) secrets.add(v);
};

let admin: Session;

beforeAll(async () => {
  await setupPolicies();
  admin = await signIn("admin");
  keep(admin.password, admin.token);
});

const as = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  asUser(admin, method, path, { body, headers: { ...from, ...headers } });
const bySas = (method: string, path: string, body?: unknown, policy = "iothubowner") =>
  callApi(method, path, { body, policy, headers: { ...from, ...(path.startsWith("/api/twins") ? { "if-match": "*" } : {}) } });

async function audit(query: Record<string, string | number>, session: Session = admin) {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await asUser(session, "GET", `/api/audit?${params}`);
  expect(res.status, res.text).toBe(200);
  return res.json as { entries: Entry[]; nextBefore: number | null };
}

/** The newest entry for a target and action (exact), checked for the fields every entry has. */
async function entryOf(targetKind: string, targetId: string, action: string, actor = `user:${admin.username}`): Promise<Entry> {
  const { entries } = await audit({ targetKind, targetId, action, limit: 50 });
  const exact = entries.filter((e) => e.action === action);
  expect(exact.length, `${action} on ${targetKind} ${targetId}`).toBeGreaterThan(0);
  const entry = exact[0]!;
  expect(entry).toMatchObject({ actor, clientAddress: ADDRESS, action, targetKind, targetId });
  expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);
  expectNoSecret(entry);
  return entry;
}

function expectNoSecret(value: unknown) {
  const text = JSON.stringify(value);
  for (const secret of secrets) expect(text, "a secret in the audit trail").not.toContain(secret);
  expect(text).not.toMatch(/\$argon2/);
  expect(text).not.toMatch(/SharedAccessKey=|SharedAccessSignature/);
}

const REDACTED = "[redacted]";
const keysOf = (identity: unknown) => (identity as { authentication: { symmetricKey: Record<string, unknown> } }).authentication.symmetricKey;
const key = () => randomBytes(32).toString("base64");

describe("identities", () => {
  it("device create, update (with caller-chosen keys), regenerate-key and delete", async () => {
    const id = uniqueId("audit-dev");
    const created = await as("PUT", `/api/devices/${enc(id)}`, { deviceId: id });
    expect(created.status, created.text).toBe(200);
    keep(keysOf(created.json).primaryKey, keysOf(created.json).secondaryKey);
    const create = await entryOf("device", id, "device.create");
    expect(create.before).toBeNull();
    expect(create.after).toMatchObject({ deviceId: id, status: "enabled" });
    expect(keysOf(create.after)).toEqual({ primaryKey: REDACTED, secondaryKey: REDACTED });

    const [k1, k2] = [key(), key()];
    keep(k1, k2);
    const updated = await as(
      "PUT",
      `/api/devices/${enc(id)}`,
      { deviceId: id, status: "disabled", authentication: { type: "sas", symmetricKey: { primaryKey: k1, secondaryKey: k2 } } },
      { "if-match": "*" },
    );
    expect(updated.status, updated.text).toBe(200);
    const update = await entryOf("device", id, "device.update");
    expect(update.before).toMatchObject({ status: "enabled" });
    expect(update.after).toMatchObject({ status: "disabled" });
    expect(keysOf(update.before)).toEqual({ primaryKey: REDACTED, secondaryKey: REDACTED });
    expect(keysOf(update.after)).toEqual({ primaryKey: REDACTED, secondaryKey: REDACTED });

    const regenerated = await as("POST", `/api/devices/${enc(id)}/regenerate-key`, { key: "primary" });
    expect(regenerated.status).toBe(200);
    keep(keysOf(regenerated.json).primaryKey);
    const regen = await entryOf("device", id, "device.regenerate-key");
    expect(keysOf(regen.before)).toEqual({ primaryKey: REDACTED, secondaryKey: REDACTED });
    expect(keysOf(regen.after)).toEqual({ primaryKey: REDACTED, secondaryKey: REDACTED });

    expect((await as("DELETE", `/api/devices/${enc(id)}`)).status).toBe(204);
    const del = await entryOf("device", id, "device.delete");
    expect(del.before).toMatchObject({ deviceId: id });
    expect(del.after).toBeNull();
  });

  it("module create, update, regenerate-key and delete", async () => {
    const deviceId = uniqueId("audit-dev");
    const moduleId = uniqueId("audit-mod");
    const target = `${deviceId}/${moduleId}`;
    const base = `/api/devices/${enc(deviceId)}/modules/${enc(moduleId)}`;
    expect((await as("PUT", `/api/devices/${enc(deviceId)}`, { deviceId })).status).toBe(200);
    const created = await as("PUT", base, { deviceId, moduleId });
    expect(created.status, created.text).toBe(201);
    keep(keysOf(created.json).primaryKey, keysOf(created.json).secondaryKey);
    const create = await entryOf("module", target, "module.create");
    expect(create.after).toMatchObject({ deviceId, moduleId });
    expect(keysOf(create.after)).toEqual({ primaryKey: REDACTED, secondaryKey: REDACTED });

    const [k1, k2] = [key(), key()];
    keep(k1, k2);
    const updated = await as(
      "PUT",
      base,
      { deviceId, moduleId, managedBy: "audit-test", authentication: { type: "sas", symmetricKey: { primaryKey: k1, secondaryKey: k2 } } },
      { "if-match": "*" },
    );
    expect(updated.status, updated.text).toBe(200);
    const update = await entryOf("module", target, "module.update");
    expect(update.after).toMatchObject({ managedBy: "audit-test" });
    expect(keysOf(update.before)).toEqual({ primaryKey: REDACTED, secondaryKey: REDACTED });

    const regenerated = await as("POST", `${base}/regenerate-key`, { key: "secondary" });
    keep(keysOf(regenerated.json).secondaryKey);
    await entryOf("module", target, "module.regenerate-key");

    expect((await as("DELETE", base)).status).toBe(204);
    const del = await entryOf("module", target, "module.delete");
    expect(del.before).toMatchObject({ moduleId });
  });

  it("a write signed with a policy is recorded against the policy", async () => {
    const id = uniqueId("audit-dev");
    const res = await bySas("PUT", `/api/devices/${enc(id)}`, { deviceId: id });
    expect(res.status).toBe(200);
    keep(keysOf(res.json).primaryKey, keysOf(res.json).secondaryKey);
    await entryOf("device", id, "device.create", "policy:iothubowner");
    expect((await bySas("PATCH", `/api/twins/${enc(id)}`, { tags: { by: "service" } }, "service")).status).toBe(200);
    await entryOf("twin", id, "twin.update", "policy:service");
  });
});

describe("twins", () => {
  it.each([
    ["device twin", false],
    ["module twin", true],
  ])("%s patch and replace link to their twin_revisions row", async (_name, withModule) => {
    const deviceId = uniqueId("audit-twin");
    expect((await bySas("PUT", `/api/devices/${enc(deviceId)}`, { deviceId })).status).toBe(200);
    let moduleId = "";
    if (withModule) {
      moduleId = uniqueId("audit-mod");
      expect((await bySas("PUT", `/api/devices/${enc(deviceId)}/modules/${enc(moduleId)}`, { deviceId, moduleId })).status).toBe(201);
    }
    const path = `/api/twins/${enc(deviceId)}${withModule ? `/modules/${enc(moduleId)}` : ""}`;
    const target = withModule ? `${deviceId}/${moduleId}` : deviceId;

    const patch = await as("PATCH", path, { tags: { site: "a" }, properties: { desired: { rate: 1 } } }, { "if-match": "*" });
    expect(patch.status, patch.text).toBe(200);
    const update = await entryOf("twin", target, "twin.update");
    expect(update.before).toMatchObject({ tags: {} });
    expect(update.before).toHaveProperty("desired");
    expect(update.after).toMatchObject({ tags: { site: "a" }, desired: { rate: 1 } });

    const replace = await as("PUT", path, { tags: { site: "b" } }, { "if-match": "*" });
    expect(replace.status, replace.text).toBe(200);
    const put = await entryOf("twin", target, "twin.replace");
    expect(put.before).toMatchObject({ tags: { site: "a" } });
    expect(put.after).toMatchObject({ tags: { site: "b" } });

    for (const [entry, operation] of [
      [update, "patch"],
      [put, "replace"],
    ] as const) {
      expect(entry.revisionId).toEqual(expect.any(Number));
      const rows = await sqlRows<{ device_id: string; module_id: string; operation: string; actor: string }>(
        "select device_id, module_id, operation, actor from twin_revisions where id = $1",
        [entry.revisionId],
      );
      expect(rows).toEqual([{ device_id: deviceId, module_id: moduleId, operation, actor: `user:${admin.username}` }]);
    }
  });
});

describe("policies", () => {
  it("create, rotate primary and secondary, delete: keys redacted, never stored", () =>
    withPolicyLock("shared", async () => {
      const keyName = uniqueId("it-audit-pol");
      try {
        const created = await as("POST", "/api/policies", { keyName, rights: ["registryRead"] });
        expect(created.status, created.text).toBe(201);
        keep(created.json.primaryKey, created.json.secondaryKey);
        const create = await entryOf("policy", keyName, "policy.create");
        expect(create.after).toMatchObject({ keyName, rights: ["registryRead"], primaryKey: REDACTED, secondaryKey: REDACTED });

        for (const which of ["primary", "secondary"] as const) {
          const rotated = await as("POST", `/api/policies/${enc(keyName)}/rotate-key`, { key: which });
          expect(rotated.status).toBe(200);
          keep(rotated.json.primaryKey, rotated.json.secondaryKey);
          const entry = await entryOf("policy", keyName, `policy.rotate-${which}`);
          expect(entry.before).toMatchObject({ primaryKey: REDACTED, secondaryKey: REDACTED });
          expect(entry.after).toMatchObject({ primaryKey: REDACTED, secondaryKey: REDACTED });
        }

        expect((await as("DELETE", `/api/policies/${enc(keyName)}`)).status).toBe(204);
        const del = await entryOf("policy", keyName, "policy.delete");
        expect(del.before).toMatchObject({ keyName, primaryKey: REDACTED });
        expect(del.after).toBeNull();
      } finally {
        await deleteAccessPolicy(keyName, { actor: "test", now: new Date() }).catch(() => {});
      }
    }));
});

describe("users and sign-in", () => {
  it("user create, role change, disable, enable, admin password reset: no password or hash recorded", async () => {
    const username = uniqueId("it-audit-user");
    const password = newPassword();
    keep(password);
    const created = await as("POST", "/api/users", { username, password, role: "viewer" });
    expect(created.status, created.text).toBe(201);
    const id = created.json.id as string;
    const create = await entryOf("user", id, "user.create");
    expect(create.after).toMatchObject({ id, username, role: "viewer", disabled: false });

    expect((await as("PATCH", `/api/users/${enc(id)}`, { role: "operator" })).status).toBe(200);
    const role = await entryOf("user", id, "user.role");
    expect([role.before?.role, role.after?.role]).toEqual(["viewer", "operator"]);

    expect((await as("PATCH", `/api/users/${enc(id)}`, { disabled: true })).status).toBe(200);
    const disable = await entryOf("user", id, "user.disable");
    expect([disable.before?.disabled, disable.after?.disabled]).toEqual([false, true]);
    expect((await as("PATCH", `/api/users/${enc(id)}`, { disabled: false })).status).toBe(200);
    await entryOf("user", id, "user.enable");

    const reset = newPassword();
    keep(reset);
    expect((await as("PATCH", `/api/users/${enc(id)}`, { password: reset })).status).toBe(200);
    await entryOf("user", id, "user.password");
    const [hash] = await sqlRows<{ password_hash: string }>("select password_hash from users where id = $1", [id]);
    keep(hash!.password_hash);
  });

  it("self-service password change is recorded against the user", async () => {
    const user = await makeUser("viewer");
    keep(user.password);
    const session = await signInAs(user, from);
    keep(session.token);
    const next = newPassword();
    keep(next);
    const res = await asUser(session, "POST", "/api/auth/password", { body: { currentPassword: user.password, newPassword: next }, headers: from });
    expect(res.status, res.text).toBe(200);
    await entryOf("user", user.id, "user.password", `user:${user.username}`);
  });

  it("login, failed login (outcome failure) and logout", async () => {
    const user = await makeUser("operator");
    keep(user.password);
    const wrong = `${user.password}-but-wrong`;
    keep(wrong);

    const failed = await postLogin(user.username, wrong, from);
    expect(failed.status).toBe(401);
    const failure = await entryOf("user", user.id, "login.failure", `user:${user.username}`);
    expect(failure.outcome).toBe("failure");

    const unknown = uniqueId("it-audit-ghost");
    expect((await postLogin(unknown, wrong, from)).status).toBe(401);
    const ghost = (await audit({ actor: `user:${unknown}`, action: "login.failure" })).entries;
    expect(ghost).toHaveLength(1);
    expect(ghost[0]).toMatchObject({ clientAddress: ADDRESS, outcome: "failure" });
    expectNoSecret(ghost);

    const ok = await postLogin(user.username, user.password, from);
    expect(ok.status).toBe(200);
    const token = tokenOf(ok)!;
    keep(token);
    const login = await entryOf("session", user.id, "login", `user:${user.username}`);
    expect(login.outcome).toBe("success");

    expect((await asUser(`edgedeck_session=${token}`, "POST", "/api/auth/logout", { headers: from })).status).toBe(200);
    const logouts = (await audit({ actor: `user:${user.username}`, action: "logout" })).entries;
    expect(logouts).toHaveLength(1);
    expect(logouts[0]).toMatchObject({ targetKind: "session", clientAddress: ADDRESS, outcome: "success" });
  });

  it("the stored rows of this file carry no secret at all, and show [redacted] where keys were", async () => {
    const rows = await sqlRows<{ before: string | null; after: string | null }>(
      "select before::text as before, after::text as after from audit_log where client_address = $1",
      [ADDRESS],
    );
    expect(rows.length).toBeGreaterThan(20);
    const text = rows.map((r) => `${r.before} ${r.after}`).join("\n");
    expect(secrets.size).toBeGreaterThan(20);
    for (const secret of secrets) expect(text.includes(secret), "a secret in audit_log").toBe(false);
    expect(text).toContain(REDACTED);
    expect(text).not.toMatch(/\$argon2/);
  });
});

describe("GET /api/audit", () => {
  let deviceId: string;
  let all: Entry[];

  beforeAll(async () => {
    deviceId = uniqueId("audit-filter");
    const pause = () => new Promise((r) => setTimeout(r, 15));
    await as("PUT", `/api/devices/${enc(deviceId)}`, { deviceId });
    await pause();
    await as("PUT", `/api/devices/${enc(deviceId)}`, { deviceId, status: "disabled" }, { "if-match": "*" });
    await pause();
    await as("PATCH", `/api/twins/${enc(deviceId)}`, { tags: { n: 1 } }, { "if-match": "*" });
    await pause();
    await as("POST", `/api/devices/${enc(deviceId)}/regenerate-key`, { key: "primary" });
    await pause();
    await as("PATCH", `/api/twins/${enc(deviceId)}`, { tags: { n: 2 } }, { "if-match": "*" });
    await pause();
    await as("PUT", `/api/twins/${enc(deviceId)}`, { tags: { n: 3 } }, { "if-match": "*" });
    all = (await audit({ targetId: deviceId })).entries;
  });

  it("targetId: every entry for the target, newest first", () => {
    expect(all.map((e) => e.action)).toEqual(["twin.replace", "twin.update", "device.regenerate-key", "twin.update", "device.update", "device.create"]);
    const ids = all.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it("targetKind narrows to one kind", async () => {
    const devices = (await audit({ targetKind: "device", targetId: deviceId })).entries;
    expect(devices.map((e) => e.action)).toEqual(["device.regenerate-key", "device.update", "device.create"]);
    const twins = (await audit({ targetKind: "twin", targetId: deviceId })).entries;
    expect(twins.map((e) => e.action)).toEqual(["twin.replace", "twin.update", "twin.update"]);
  });

  it("action matches a prefix", async () => {
    expect((await audit({ targetId: deviceId, action: "twin." })).entries.map((e) => e.action)).toEqual(["twin.replace", "twin.update", "twin.update"]);
    expect((await audit({ targetId: deviceId, action: "device.update" })).entries).toHaveLength(1);
    expect((await audit({ targetId: deviceId, action: "device" })).entries).toHaveLength(3);
    // A prefix, not a pattern: LIKE wildcards match literally.
    expect((await audit({ targetId: deviceId, action: "%" })).entries).toHaveLength(0);
    expect((await audit({ targetId: deviceId, action: "_win" })).entries).toHaveLength(0);
  });

  it("actor is an exact match", async () => {
    const mine = (await audit({ actor: `user:${admin.username}`, limit: 500 })).entries;
    expect(mine.length).toBeGreaterThanOrEqual(all.length);
    expect(new Set(mine.map((e) => e.actor))).toEqual(new Set([`user:${admin.username}`]));
    expect((await audit({ actor: `user:${admin.username.slice(0, -1)}` })).entries).toHaveLength(0);
    expect((await audit({ actor: "user:%" })).entries).toHaveLength(0);
  });

  it("from is inclusive, to is exclusive", async () => {
    const middle = all[2]!; // device.regenerate-key
    const after = (await audit({ targetId: deviceId, from: middle.at })).entries;
    const before = (await audit({ targetId: deviceId, to: middle.at })).entries;
    expect(after.map((e) => e.id)).toEqual(all.filter((e) => e.at >= middle.at).map((e) => e.id));
    expect(before.map((e) => e.id)).toEqual(all.filter((e) => e.at < middle.at).map((e) => e.id));
    expect(after.map((e) => e.id)).toContain(middle.id);
    expect(before.map((e) => e.id)).not.toContain(middle.id);
    expect(after.length + before.length).toBe(all.length);
    const window = (await audit({ targetId: deviceId, from: all[4]!.at, to: all[1]!.at })).entries;
    expect(window.map((e) => e.id)).toEqual(all.slice(2, 5).map((e) => e.id));
  });

  it("keyset paging with before/nextBefore walks every entry once", async () => {
    const seen: number[] = [];
    let before: number | null = null;
    let pages = 0;
    do {
      const page: { entries: Entry[]; nextBefore: number | null } = await audit({ targetId: deviceId, limit: 4, ...(before ? { before } : {}) });
      seen.push(...page.entries.map((e) => e.id));
      expect(page.entries.length).toBeLessThanOrEqual(4);
      before = page.nextBefore;
      if (before !== null) expect(before).toBe(page.entries.at(-1)!.id);
      pages++;
    } while (before !== null && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual(all.map((e) => e.id));
    // An exact multiple of the page size ends with nextBefore null, not an empty extra page.
    const exact = await audit({ targetId: deviceId, limit: all.length });
    expect(exact.nextBefore).toBeNull();
  });

  it.each<[string, Record<string, string>, string]>([
    ["an unknown parameter", { colour: "red" }, "colour"],
    ["a bad from", { from: "yesterday" }, "from"],
    ["a bad to", { to: "2024-13-45T99:00:00Z" }, "to"],
    ["limit 0", { limit: "0" }, "limit"],
    ["limit 501", { limit: "501" }, "limit"],
    ["a non-numeric before", { before: "abc" }, "before"],
    ["an unknown targetKind", { targetKind: "galaxy" }, "targetKind"],
  ])("%s is 400 with the parameter's path", async (_case, query, path) => {
    const res = await asUser(admin, "GET", `/api/audit?${new URLSearchParams(query)}`);
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe("ArgumentInvalid");
    expect(res.json.error.details.path).toBe(path);
  });

  it.each(["viewer", "operator"] as const)("a %s can read the audit trail", async (role) => {
    const session = await signIn(role);
    const res = await audit({ targetId: deviceId }, session);
    expect(res.entries.map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it("a policy cannot, not even iothubowner (401)", async () => {
    for (const policy of ["iothubowner", "registryRead", "service"]) {
      const res = await callApi("GET", `/api/audit?targetId=${enc(deviceId)}`, { policy });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("IotHubUnauthorizedAccess");
    }
  });

  it("nobody signed in gets 401", async () => {
    const res = await callApi("GET", "/api/audit", { auth: false });
    expect(res.status).toBe(401);
  });
});

describe("retention", () => {
  it("pruneAuditLog(days, now) deletes entries older than `days` and only those", async () => {
    const actor = `test:${uniqueId("retention")}`;
    const insert = (daysAgo: number, action: string) =>
      sqlRows(
        "insert into audit_log (at, actor, action, target_kind, target_id) values (now() - make_interval(days => $1), $2, $3, 'device', 'x')",
        [daysAgo, actor, action],
      );
    await insert(400, "ancient");
    await insert(91, "old");
    await insert(89, "recent");
    await insert(0, "today");
    const deleted = await pruneAuditLog(90, new Date());
    expect(deleted).toBeGreaterThanOrEqual(2);
    const left = await sqlRows<{ action: string }>("select action from audit_log where actor = $1 order by at", [actor]);
    expect(left.map((r) => r.action)).toEqual(["recent", "today"]);
    // Nothing this file wrote today was touched.
    expect((await audit({ actor: `user:${admin.username}`, limit: 1 })).entries).toHaveLength(1);
  });
});
