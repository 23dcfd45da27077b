import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { unsealPassword } from "@/lib/data/registry-sources";
import { openSecret, sealSecret } from "@/lib/domain/registry";
import { RegistryClient } from "@/lib/registry/oci-client";
import { enc, setupPolicies, sqlRows, uniqueId } from "./support/api";
import { asUser, signIn, type Session } from "./support/operators";
import { DOCKER_LIST, OCI_INDEX, SINGLE, startSeededRegistry, type SeededRegistry } from "./support/registries";

/**
 * Registry sources end to end over REST, against Debian's docker-registry started by the test (no
 * mock): anonymous, htpasswd (basic) and token (bearer) registries, each holding a single-platform
 * image, an OCI index and a Docker manifest list pushed over the HTTP API. A missing docker-registry
 * fails the suite (scripts/test-registry.mjs says what to install).
 */
let admin: Session;
let viewer: Session;
const registries: Partial<Record<"none" | "htpasswd" | "token", SeededRegistry>> = {};

/** Why the registries could not be started (docker-registry missing): every test fails with it, none skips. */
let startError: unknown = null;

beforeAll(async () => {
  await setupPolicies();
  [admin, viewer] = await Promise.all([signIn("admin"), signIn("viewer")]);
  const started = await Promise.allSettled([startSeededRegistry("none"), startSeededRegistry("htpasswd"), startSeededRegistry("token")]);
  const [none, htpasswd, token] = started.map((r) => (r.status === "fulfilled" ? r.value : undefined));
  Object.assign(registries, { none, htpasswd, token });
  startError = started.find((r) => r.status === "rejected")?.reason ?? null;
}, 120_000);

beforeEach(() => {
  if (startError) throw startError;
});

afterAll(async () => {
  await Promise.all(Object.values(registries).map((r) => r?.stop()));
});

const reg = (kind: keyof typeof registries) => {
  if (startError) throw startError;
  return registries[kind]!;
};

async function addSource(body: Record<string, unknown>) {
  const res = await asUser(admin, "POST", "/api/registries", { body: { name: uniqueId("it-reg"), ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; name: string; host: string; hasPassword: boolean };
}

const sourceFor = (kind: "none" | "htpasswd" | "token", password?: string) =>
  addSource(kind === "none" ? { url: reg(kind).url } : { url: reg(kind).url, username: reg(kind).username, password: password ?? reg(kind).password });

const base = (id: string) => `/api/registries/${enc(id)}`;
const imagePath = (id: string, repository: string, reference: string, refresh = false) =>
  `${base(id)}/image?repository=${enc(repository)}&reference=${enc(reference)}${refresh ? "&refresh=1" : ""}`;

describe.each([
  ["none", "anonymous"],
  ["htpasswd", "basic"],
  ["token", "bearer"],
] as const)("a %s registry", (kind, scheme) => {
  let id: string;
  beforeAll(async () => {
    if (!startError) id = (await sourceFor(kind)).id;
  });

  it(`tests ok with ${scheme} authentication and records the check`, async () => {
    const res = await asUser(admin, "POST", `${base(id)}/test`);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ ok: true, authScheme: scheme });
    const listed = (await asUser(viewer, "GET", "/api/registries")).json.find((s: { id: string }) => s.id === id);
    expect(listed).toMatchObject({ lastError: null, lastCheckedAt: expect.any(String), builtIn: false, host: reg(kind).host });
  });

  it("lists repositories, tags in natural order and a single image's details", async () => {
    const repos = await asUser(viewer, "GET", `${base(id)}/repositories`);
    expect(repos.status, repos.text).toBe(200);
    expect(repos.json.items.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining([SINGLE.repository, OCI_INDEX.repository, DOCKER_LIST.repository]));
    expect(repos.json.cachedAt).toEqual(expect.any(String));
    const filtered = await asUser(viewer, "GET", `${base(id)}/repositories?q=MULTI`);
    expect(filtered.json.items.map((i: { name: string }) => i.name).sort()).toEqual([DOCKER_LIST.repository, OCI_INDEX.repository]);

    const tags = await asUser(viewer, "GET", `${base(id)}/tags?repository=${enc(SINGLE.repository)}`);
    expect(tags.status, tags.text).toBe(200);
    expect(tags.json.items.map((i: { name: string }) => i.name)).toEqual(["latest", "1.0.0", "1.9.0", "1.10.0"]);

    const image = await asUser(viewer, "GET", imagePath(id, SINGLE.repository, SINGLE.tag));
    expect(image.status, image.text).toBe(200);
    expect(image.json).toMatchObject({
      repository: SINGLE.repository,
      reference: SINGLE.tag,
      digest: reg(kind).digests.single,
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      platforms: [{ os: "linux", architecture: "amd64", variant: null, digest: reg(kind).digests.single }],
      config: {
        created: "2026-01-02T03:04:05Z",
        labels: { "org.opencontainers.image.description": "Sensor sample", "com.example.team": "edge" },
        exposedPorts: ["5683/udp", "8080/tcp"],
        env: ["LOG_LEVEL=info", "PATH=/usr/bin"],
      },
      imageRef: `${reg(kind).host}/${SINGLE.repository}:${SINGLE.tag}`,
      description: "Sensor sample",
    });
    // By digest too, named as such in the image reference.
    const byDigest = await asUser(viewer, "GET", imagePath(id, SINGLE.repository, reg(kind).digests.single!));
    expect(byDigest.json).toMatchObject({ digest: reg(kind).digests.single, imageRef: `${reg(kind).host}/${SINGLE.repository}@${reg(kind).digests.single}` });
  });

  it.each([
    ["an OCI image index", OCI_INDEX, "ociIndex", "application/vnd.oci.image.index.v1+json", [["linux", "amd64", null], ["linux", "arm64", null]]],
    ["a Docker manifest list", DOCKER_LIST, "dockerList", "application/vnd.docker.distribution.manifest.list.v2+json", [["linux", "amd64", null], ["linux", "arm64", "v8"]]],
  ] as const)("reads the platforms of %s", async (_name, image, digestKey, mediaType, platforms) => {
    const res = await asUser(viewer, "GET", imagePath(id, image.repository, image.tag));
    expect(res.status, res.text).toBe(200);
    expect(res.json.digest).toBe(reg(kind).digests[digestKey]);
    expect(res.json.mediaType).toBe(mediaType);
    expect(res.json.platforms.map((p: { os: string; architecture: string; variant: string | null }) => [p.os, p.architecture, p.variant])).toEqual(platforms);
    for (const p of res.json.platforms) expect(p.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The config shown is linux/amd64's.
    expect(res.json.config.created).toBe("2026-01-02T03:04:05Z");
  });

  it("serves the cache until refresh=1, then sees what was pushed meanwhile", async () => {
    const fresh = `late/${uniqueId("repo")}`;
    await asUser(viewer, "GET", `${base(id)}/repositories`);
    await reg(kind).pushImage({ repository: fresh, tag: "0.1" });
    const cached = await asUser(viewer, "GET", `${base(id)}/repositories?q=${enc(fresh)}`);
    expect(cached.json.items).toEqual([]);
    const refreshed = await asUser(viewer, "GET", `${base(id)}/repositories?q=${enc(fresh)}&refresh=1`);
    expect(refreshed.json.items).toEqual([{ name: fresh }]);

    const tags = await asUser(viewer, "GET", `${base(id)}/tags?repository=${enc(fresh)}`);
    expect(tags.json.items).toEqual([{ name: "0.1" }]);
    await reg(kind).pushImage({ repository: fresh, tag: "0.2" });
    expect((await asUser(viewer, "GET", `${base(id)}/tags?repository=${enc(fresh)}`)).json.items).toEqual([{ name: "0.1" }]);
    expect((await asUser(viewer, "GET", `${base(id)}/tags?repository=${enc(fresh)}&refresh=1`)).json.items).toEqual([{ name: "0.1" }, { name: "0.2" }]);

    // The image search covers cached repositories, with the tags known so far.
    const search = await asUser(viewer, "GET", `/api/images?q=${enc(fresh)}`);
    expect(search.status, search.text).toBe(200);
    expect(search.json.items).toEqual([
      expect.objectContaining({ registryId: id, repository: fresh, host: reg(kind).host, imageRef: `${reg(kind).host}/${fresh}`, tags: ["0.1", "0.2"] }),
    ]);
    const rows = await sqlRows<{ n: string | number }>("select count(*) as n from registry_images where registry_id = $1", [id]);
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(4);
  });

  it("takes concurrent refreshes of one source one at a time, all succeeding", async () => {
    const answers = await Promise.all([1, 2, 3].map(() => asUser(viewer, "GET", `${base(id)}/repositories?refresh=1`)));
    for (const res of answers) expect(res.status, res.text).toBe(200);
    const names = answers[0]!.json.items.map((i: { name: string }) => i.name);
    for (const res of answers) expect(res.json.items.map((i: { name: string }) => i.name)).toEqual(names);
    const rows = await sqlRows<{ n: string | number }>("select count(*) as n from registry_images where registry_id = $1", [id]);
    expect(Number(rows[0]!.n)).toBe(names.length);
  });

  it("answers 404 for a repository or tag the registry does not have", async () => {
    const missingTag = await asUser(viewer, "GET", imagePath(id, SINGLE.repository, "9.9.9"));
    expect(missingTag.status, missingTag.text).toBe(404);
    expect(missingTag.json.error.code).toBe("NotFound");
  });
});

describe.each(["htpasswd", "token"] as const)("a %s registry with bad credentials", (kind) => {
  it("fails the test with the reason, and browsing is 502 RegistryError", async () => {
    for (const source of [await sourceFor(kind, "wrong-password"), await addSource({ url: reg(kind).url })]) {
      const test = await asUser(admin, "POST", `${base(source.id)}/test`);
      expect(test.status, test.text).toBe(200);
      expect(test.json.ok).toBe(false);
      expect(test.json.message).toMatch(/credentials|username and password|HTTP 401/);
      const listed = (await asUser(admin, "GET", "/api/registries")).json.find((s: { id: string }) => s.id === source.id);
      expect(listed.lastError).toBe(test.json.message);
      const repos = await asUser(viewer, "GET", `${base(source.id)}/repositories`);
      expect(repos.status, repos.text).toBe(502);
      expect(repos.json.error).toMatchObject({ code: "RegistryError", details: { reason: "unauthorized", registryId: source.id } });
    }
  });
});

describe("credentials", () => {
  it("are never returned or stored in clear text, nor written to the audit trail", async () => {
    const source = await sourceFor("token");
    expect(source.hasPassword).toBe(true);
    const list = await asUser(admin, "GET", "/api/registries");
    expect(list.text).not.toContain(reg("token").password);
    expect(list.text).not.toMatch(/"password"/);
    const [row] = await sqlRows<{ sealed_password: string }>("select sealed_password from registries where id = $1", [source.id]);
    expect(row!.sealed_password).toMatch(/^v1\./);
    expect(row!.sealed_password).not.toContain(reg("token").password);
    const audit = await sqlRows<{ after: unknown }>("select after from audit_log where target_id = $1", [source.id]);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(reg("token").password);
    expect(audit[0]!.after).toMatchObject({ hasPassword: true, username: reg("token").username });
  });

  it("a ciphertext moved to another row does not decrypt (the row id is bound in)", async () => {
    const a = await sourceFor("htpasswd");
    const b = await sourceFor("htpasswd", "another-password");
    await sqlRows("update registries set sealed_password = (select sealed_password from registries where id = $1) where id = $2", [a.id, b.id]);
    const res = await asUser(admin, "POST", `${base(b.id)}/test`);
    expect(res.status).toBe(500);
    expect(res.json.error.message).toMatch(/cannot be decrypted/);
    expect(res.text).not.toContain(reg("htpasswd").password);
  });
});

describe("key rotation", () => {
  it("opens a password sealed under a previous key and seals it again under the current one", async () => {
    const source = await sourceFor("htpasswd");
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const sealedOld = sealSecret(reg("htpasswd").password, oldKey, source.id);
    await sqlRows("update registries set sealed_password = $1 where id = $2", [sealedOld, source.id]);
    const row = { id: source.id, sealed_password: sealedOld };
    expect(await unsealPassword(row, [newKey, oldKey])).toBe(reg("htpasswd").password);
    const [after] = await sqlRows<{ sealed_password: string }>("select sealed_password from registries where id = $1", [source.id]);
    expect(after!.sealed_password).not.toBe(sealedOld);
    expect(openSecret(after!.sealed_password, newKey, source.id)).toBe(reg("htpasswd").password);
    // Without the old key the old value is lost, with a clear error.
    await expect(unsealPassword(row, [newKey])).rejects.toThrow(/cannot be decrypted/);
  });
});

describe("the source form", () => {
  it.each<[string, Record<string, unknown>, number, string, string]>([
    ["a URL with a path", { url: "http://127.0.0.1:5000/some/path" }, 400, "ArgumentInvalid", "url"],
    ["another scheme", { url: "ftp://registry.example" }, 400, "ArgumentInvalid", "url"],
    ["credentials in the URL", { url: "https://u:p@registry.example" }, 400, "ArgumentInvalid", "url"],
    ["no name", { name: "  ", url: "http://127.0.0.1:5000" }, 400, "ArgumentInvalid", "name"],
    ["no url", { url: "" }, 400, "ArgumentInvalid", "url"],
    ["an unknown field", { url: "http://127.0.0.1:5000", token: "x" }, 400, "ArgumentInvalid", "token"],
    ["a password without username", { url: "http://127.0.0.1:5000", password: "x" }, 400, "ArgumentInvalid", "username"],
    ["the catalog's name", { name: "Built-in catalog", url: "http://127.0.0.1:5000" }, 409, "Conflict", "name"],
  ])("refuses %s", async (_name, body, status, code, field) => {
    const res = await asUser(admin, "POST", "/api/registries", { body: { name: uniqueId("it-bad"), ...body } });
    expect(res.status, res.text).toBe(status);
    expect(res.json.error).toMatchObject({ code, details: { field } });
    expect(await sqlRows("select id from registries where name = $1", [body.name ?? ""])).toEqual([]);
  });

  it("refuses a duplicate name with 409 and keeps one row", async () => {
    const name = uniqueId("it-dup");
    expect((await asUser(admin, "POST", "/api/registries", { body: { name, url: "registry.example.com:5000" } })).status).toBe(201);
    const again = await asUser(admin, "POST", "/api/registries", { body: { name, url: "http://127.0.0.1:5000" } });
    expect(again.status).toBe(409);
    expect(again.json.error.details.field).toBe("name");
    const rows = await sqlRows<{ url: string }>("select url from registries where name = $1", [name]);
    expect(rows).toEqual([{ url: "https://registry.example.com:5000" }]);
  });

  it("is for admins: a viewer reads the list but cannot add, test or remove", async () => {
    const source = await sourceFor("none");
    expect((await asUser(viewer, "GET", "/api/registries")).status).toBe(200);
    for (const [method, path] of [
      ["POST", "/api/registries"],
      ["POST", `${base(source.id)}/test`],
      ["DELETE", base(source.id)],
    ] as const) {
      const res = await asUser(viewer, method, path, { body: method === "POST" && path === "/api/registries" ? { name: uniqueId("v"), url: "http://x.example" } : undefined });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.error.details.permission).toBe("registries.manage");
    }
    expect(await sqlRows("select id from registries where id = $1", [source.id])).toHaveLength(1);
  });
});

describe("removing a source", () => {
  it("deletes it with its cache; again is 404; the catalog cannot be removed", async () => {
    const source = await sourceFor("none");
    await asUser(viewer, "GET", `${base(source.id)}/repositories`);
    await asUser(viewer, "GET", imagePath(source.id, SINGLE.repository, SINGLE.tag));
    expect((await sqlRows("select 1 from registry_manifests where registry_id = $1", [source.id])).length).toBe(1);
    expect((await asUser(admin, "DELETE", base(source.id))).status).toBe(204);
    for (const table of ["registries", "registry_images", "registry_manifests"]) {
      expect(await sqlRows(`select 1 from ${table} where ${table === "registries" ? "id" : "registry_id"} = $1`, [source.id])).toEqual([]);
    }
    const again = await asUser(admin, "DELETE", base(source.id));
    expect(again.status).toBe(404);
    expect(again.json.error.code).toBe("NotFound");
    expect((await asUser(admin, "DELETE", base("catalog"))).status).toBe(400);
    expect((await asUser(viewer, "GET", `${base(source.id)}/repositories`)).status).toBe(404);
  });
});

describe("the built-in catalog", () => {
  it("is listed first, read-only, and browsable with no registry configured", async () => {
    const list = await asUser(viewer, "GET", "/api/registries");
    expect(list.json[0]).toMatchObject({ id: "catalog", builtIn: true, hasPassword: false, username: null });
    const repos = await asUser(viewer, "GET", `${base("catalog")}/repositories?q=azureiotedge`);
    expect(repos.json.items.map((i: { name: string }) => i.name)).toContain("mcr.microsoft.com/azureiotedge-agent");
    const tags = await asUser(viewer, "GET", `${base("catalog")}/tags?repository=${enc("mcr.microsoft.com/azureiotedge-hub")}`);
    expect(tags.json.items.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(["1.4", "1.5", "latest"]));
    const image = await asUser(viewer, "GET", imagePath("catalog", "mcr.microsoft.com/azureiotedge-hub", "1.5"));
    expect(image.json).toMatchObject({
      imageRef: "mcr.microsoft.com/azureiotedge-hub:1.5",
      digest: null,
      config: null,
      description: expect.stringContaining("IoT Edge hub"),
    });
    expect(image.json.platforms.map((p: { architecture: string }) => p.architecture)).toEqual(["amd64", "arm64", "arm"]);
    expect((await asUser(admin, "POST", `${base("catalog")}/test`)).json).toMatchObject({ ok: true });
    const search = await asUser(viewer, "GET", "/api/images?q=simulated-temperature");
    expect(search.json.items[0]).toMatchObject({
      registryId: "catalog",
      host: "mcr.microsoft.com",
      imageRef: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor",
      tags: expect.arrayContaining(["1.5"]),
    });
    expect((await asUser(viewer, "GET", `${base("catalog")}/tags?repository=no/such`)).status).toBe(404);
  });

  it.each([
    ["a repository with ..", `${base("catalog")}/tags?repository=${enc("../etc")}`, "repository"],
    ["a reference with a slash", `${base("catalog")}/image?repository=a&reference=${enc("a/b")}`, "reference"],
    ["a missing repository", `${base("catalog")}/tags`, "repository"],
    ["an unknown parameter", `${base("catalog")}/repositories?x=1`, "x"],
  ])("refuses %s with 400 naming it", async (_name, path, field) => {
    const res = await asUser(viewer, "GET", path);
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.details.path).toBe(field);
  });
});

describe("the OCI client", () => {
  it("follows Link paging across the catalog (page size 2)", async () => {
    const r = reg("token");
    const client = new RegistryClient({ url: r.url, username: r.username, password: r.password, timeoutMs: 10_000, pageSize: 2 });
    const all = await client.listRepositories();
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all).toEqual(expect.arrayContaining([SINGLE.repository, OCI_INDEX.repository, DOCKER_LIST.repository]));
    expect(new Set(all).size).toBe(all.length);
    expect(client.authScheme).toBe("bearer");
  });

  it("reports an unreachable registry as a failed test and browsing as 502", async () => {
    const port = await closedPort();
    const source = await addSource({ url: `http://127.0.0.1:${port}` });
    const test = await asUser(admin, "POST", `${base(source.id)}/test`);
    expect(test.json).toMatchObject({ ok: false, message: expect.stringContaining("Cannot reach") });
    const repos = await asUser(viewer, "GET", `${base(source.id)}/repositories`);
    expect(repos.status).toBe(502);
    expect(repos.json.error.details.reason).toBe("unreachable");
  });
});

/** A port nothing listens on (bound, then closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
