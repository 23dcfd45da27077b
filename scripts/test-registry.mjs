// A throwaway Docker registry (Debian's `docker-registry`, distribution 2.8) for tests: a temp
// storage folder, a free port on 127.0.0.1, and one of three kinds of authentication:
//
//   none      anonymous pull and push
//   htpasswd  basic auth against an htpasswd file whose bcrypt hash is made here (bcryptjs)
//   token     the token flow: the registry answers 401 `Bearer realm=…,service=…,scope=…`, and a
//             token server in this process (checking basic credentials) issues RS256 JWTs signed
//             with a self-signed certificate it generates (the registry's rootcertbundle)
//
//   import { startTestRegistry } from "./test-registry.mjs";
//   const registry = await startTestRegistry({ auth: "token", username: "u", password: "p" });
//   await registry.pushImage({ repository: "samples/app", tag: "1.0" });
//   await registry.stop();
//
// Everything started is stopped by stop() or when this process exits. Missing binary: a clear
// error (the tests fail rather than skip).
import { spawn } from "node:child_process";
import { createHash, createSign, randomUUID, X509Certificate } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import bcrypt from "bcryptjs";
import { generate } from "selfsigned";
import { findFreePort, isAlive, readTail } from "./lib/local-process.mjs";

export const REGISTRY_BIN = process.env.DOCKER_REGISTRY_BIN || "/usr/bin/docker-registry";
const running = new Set();
let hooksInstalled = false;

export const MEDIA = {
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayer: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar+gzip",
};

export async function startTestRegistry({ auth = "none", username = "tester", password = "correct horse battery", service = "edgedeck-test-registry" } = {}) {
  if (!fs.existsSync(REGISTRY_BIN)) {
    throw new Error(
      `docker-registry is not installed (${REGISTRY_BIN} is missing): the registry tests need it. ` +
        "On Debian: apt-get install -y docker-registry (or set DOCKER_REGISTRY_BIN).",
    );
  }
  installExitHooks();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "edgedeck-registry-"));
  const instance = { root, child: null, tokenServer: null, stopped: false };
  running.add(instance);
  try {
    const port = await findFreePort();
    const config = [
      "version: 0.1",
      "log:",
      "  level: warn",
      "  accesslog:",
      "    disabled: true",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${path.join(root, "data")}`,
      "  delete:",
      "    enabled: true",
      "http:",
      `  addr: 127.0.0.1:${port}`,
      `  secret: ${randomUUID()}`,
    ];
    let signer = null;
    if (auth === "htpasswd") {
      const file = path.join(root, "htpasswd");
      fs.writeFileSync(file, `${username}:${bcrypt.hashSync(password, 6)}\n`);
      config.push("auth:", "  htpasswd:", "    realm: edgedeck-test", `    path: ${file}`);
    } else if (auth === "token") {
      signer = await makeSigner();
      fs.writeFileSync(path.join(root, "token-ca.pem"), signer.cert);
      const tokenPort = await findFreePort();
      instance.tokenServer = startTokenServer({ port: tokenPort, signer, service, username, password });
      await new Promise((resolve) => instance.tokenServer.once("listening", resolve));
      config.push(
        "auth:",
        "  token:",
        `    realm: http://127.0.0.1:${tokenPort}/token`,
        `    service: ${service}`,
        `    issuer: ${signer.issuer}`,
        `    rootcertbundle: ${path.join(root, "token-ca.pem")}`,
      );
    } else if (auth !== "none") {
      throw new Error(`unknown auth kind ${auth}`);
    }
    const configFile = path.join(root, "config.yml");
    fs.writeFileSync(configFile, config.join("\n") + "\n");
    const logFile = path.join(root, "registry.log");
    const log = fs.openSync(logFile, "a");
    instance.child = spawn(REGISTRY_BIN, ["serve", configFile], { stdio: ["ignore", log, log] });
    fs.closeSync(log);
    startWatchdog(instance.child.pid, root);
    const url = `http://127.0.0.1:${port}`;
    await waitUntilUp(url, instance.child, logFile);
    const registry = {
      url,
      host: `127.0.0.1:${port}`,
      auth,
      username,
      password,
      /** An Authorization header that may push and pull `repository` (or read the catalog). */
      authorization: (scope) => {
        if (auth === "htpasswd") return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
        if (auth === "token") return `Bearer ${signer.sign({ service, subject: username, scope })}`;
        return null;
      },
      pushImage: (image) => pushImage(registry, image),
      stop: async () => stopInstance(instance),
    };
    return registry;
  } catch (error) {
    await stopInstance(instance);
    throw error;
  }
}

// ---------------------------------------------------------------- pushing images over the HTTP API

/**
 * Pushes a small image: one layer, a config with labels, ports and env, and a manifest; with
 * `platforms`, one image per platform and an index (`format: "oci"`) or manifest list ("docker").
 * Returns the digest of what the tag points at.
 */
export async function pushImage(registry, { repository, tag, platforms = null, format = "docker", labels = {}, exposedPorts = [], env = [] }) {
  const oci = format === "oci";
  const one = async (os, architecture, variant) => {
    const layer = zlib.gzipSync(Buffer.from(`layer of ${repository}:${tag} for ${os}/${architecture}`));
    const config = Buffer.from(
      JSON.stringify({
        created: "2026-01-02T03:04:05Z",
        architecture,
        os,
        ...(variant ? { variant } : {}),
        config: { Labels: labels, ExposedPorts: Object.fromEntries(exposedPorts.map((p) => [p, {}])), Env: env },
        rootfs: { type: "layers", diff_ids: [`sha256:${sha256(zlib.gunzipSync(layer))}`] },
      }),
    );
    await uploadBlob(registry, repository, layer);
    await uploadBlob(registry, repository, config);
    const manifest = {
      schemaVersion: 2,
      mediaType: oci ? MEDIA.ociManifest : MEDIA.dockerManifest,
      config: { mediaType: oci ? MEDIA.ociConfig : MEDIA.dockerConfig, size: config.length, digest: `sha256:${sha256(config)}` },
      layers: [{ mediaType: oci ? MEDIA.ociLayer : MEDIA.dockerLayer, size: layer.length, digest: `sha256:${sha256(layer)}` }],
    };
    return Buffer.from(JSON.stringify(manifest));
  };
  if (!platforms) {
    const manifest = await one("linux", "amd64", null);
    return putManifest(registry, repository, tag, manifest, oci ? MEDIA.ociManifest : MEDIA.dockerManifest);
  }
  const entries = [];
  for (const platform of platforms) {
    const [os, architecture, variant = null] = platform.split("/");
    const manifest = await one(os, architecture, variant);
    const digest = await putManifest(registry, repository, `sha256:${sha256(manifest)}`, manifest, oci ? MEDIA.ociManifest : MEDIA.dockerManifest);
    entries.push({
      mediaType: oci ? MEDIA.ociManifest : MEDIA.dockerManifest,
      size: manifest.length,
      digest,
      platform: { os, architecture, ...(variant ? { variant } : {}) },
    });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: oci ? MEDIA.ociIndex : MEDIA.dockerList, manifests: entries }));
  return putManifest(registry, repository, tag, index, oci ? MEDIA.ociIndex : MEDIA.dockerList);
}

async function uploadBlob(registry, repository, bytes) {
  const digest = `sha256:${sha256(bytes)}`;
  const headers = authHeaders(registry, repository);
  // Monolithic upload: POST opens an upload session, PUT with ?digest= sends everything and closes it.
  const start = await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, { method: "POST", headers });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get("location"), registry.url);
  location.searchParams.set("digest", digest);
  const put = await fetch(location, { method: "PUT", headers: { ...headers, "content-type": "application/octet-stream" }, body: bytes });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  return digest;
}

async function putManifest(registry, repository, reference, bytes, mediaType) {
  const res = await fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, {
    method: "PUT",
    headers: { ...authHeaders(registry, repository), "content-type": mediaType },
    body: bytes,
  });
  if (res.status !== 201) throw new Error(`manifest ${repository}:${reference}: HTTP ${res.status} ${await res.text()}`);
  return res.headers.get("docker-content-digest") ?? `sha256:${sha256(bytes)}`;
}

const authHeaders = (registry, repository) => {
  const authorization = registry.authorization(`repository:${repository}:pull,push`);
  return authorization ? { authorization } : {};
};
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

// ---------------------------------------------------------------- the token server

async function makeSigner() {
  const issuer = "edgedeck-test-token-issuer";
  const pems = await generate([{ name: "commonName", value: issuer }], {
    keySize: 2048,
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 86_400_000),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, digitalSignature: true, critical: true },
    ],
  });
  // The registry checks the token's x5c chain against rootcertbundle (this very certificate).
  const der = new X509Certificate(pems.cert).raw.toString("base64");
  const b64url = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return {
    issuer,
    cert: pems.cert,
    sign: ({ service, subject, scope }) => {
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: "RS256", typ: "JWT", x5c: [der] };
      const claims = { iss: issuer, sub: subject, aud: service, iat: now, nbf: now - 10, exp: now + 300, jti: randomUUID(), access: accessOf(scope) };
      const input = `${b64url(header)}.${b64url(claims)}`;
      const signature = createSign("RSA-SHA256").update(input).sign(pems.private).toString("base64url");
      return `${input}.${signature}`;
    },
  };
}

/** `repository:a/b:pull,push registry:catalog:*` ⇒ the JWT `access` claim (everything asked is granted). */
function accessOf(scope) {
  if (!scope) return [];
  return scope
    .split(" ")
    .filter(Boolean)
    .map((entry) => {
      const first = entry.indexOf(":");
      const last = entry.lastIndexOf(":");
      return { type: entry.slice(0, first), name: entry.slice(first + 1, last), actions: entry.slice(last + 1).split(",") };
    });
}

function startTokenServer({ port, signer, service, username, password }) {
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    server.requests.push({ path: url.pathname, scope: url.searchParams.get("scope"), service: url.searchParams.get("service"), authorized: req.headers.authorization === expected });
    if (url.pathname !== "/token" || url.searchParams.get("service") !== service) {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "bad request" }));
      return;
    }
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Basic realm="token"' }).end(JSON.stringify({ error: "unauthorized" }));
      return;
    }
    const scope = url.searchParams.getAll("scope").join(" ");
    const token = signer.sign({ service, subject: username, scope });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
  });
  server.requests = [];
  server.listen(port, "127.0.0.1");
  return server;
}

// ---------------------------------------------------------------- process plumbing

async function waitUntilUp(url, child, logFile) {
  const deadline = Date.now() + 20_000;
  let exited = null;
  child.once("exit", (code, signal) => (exited = code ?? signal));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`docker-registry exited (${exited}):\n${readTail(logFile)}`);
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`docker-registry did not answer on ${url} within 20 s:\n${readTail(logFile)}`);
}

async function stopInstance(instance) {
  if (instance.stopped) return;
  instance.stopped = true;
  running.delete(instance);
  if (instance.child && instance.child.exitCode === null) {
    const exited = new Promise((resolve) => instance.child.once("exit", resolve));
    instance.child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (instance.child.exitCode === null) instance.child.kill("SIGKILL");
  }
  if (instance.tokenServer) await new Promise((resolve) => instance.tokenServer.close(() => resolve()));
  fs.rmSync(instance.root, { recursive: true, force: true });
}

function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Synchronous on exit: kill the children and remove their folders.
  process.on("exit", () => {
    for (const instance of running) {
      try {
        instance.child?.kill("SIGKILL");
      } catch {
        /* already gone */
      }
      fs.rmSync(instance.root, { recursive: true, force: true });
    }
  });
}

/**
 * A detached watcher that kills the registry if this process dies without running its exit hooks
 * (SIGKILL, an OOM kill), then removes its folder. It exits by itself once the folder is gone.
 */
function startWatchdog(registryPid, root) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--watchdog", String(process.pid), String(registryPid), root], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
}

function watchdog(parent, registryPid, root) {
  const timer = setInterval(() => {
    if (!fs.existsSync(root)) return clearInterval(timer);
    if (isAlive(parent)) return;
    clearInterval(timer);
    try {
      process.kill(registryPid, "SIGKILL");
    } catch {
      /* already gone */
    }
    fs.rmSync(root, { recursive: true, force: true });
  }, 1000);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain && process.argv[2] === "--watchdog") watchdog(Number(process.argv[3]), Number(process.argv[4]), process.argv[5]);
