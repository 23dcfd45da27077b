import { createHash } from "node:crypto";
import { MANIFEST_ACCEPT, nextPageUrl, parseWwwAuthenticate, pickChallenge } from "@/lib/domain/registry";

/**
 * A client of the Docker Registry HTTP API v2 / OCI distribution spec over plain fetch. It answers
 * the registry's challenge: anonymous first; on 401 `Basic` it retries with the credentials; on 401
 * `Bearer realm=,service=,scope=` it asks the realm for a token (with the credentials as basic auth,
 * when there are any) and retries with it. Tokens are kept per scope for the client's lifetime.
 *
 * The URLs it fetches come from an admin (the source URL) and from the registry (token realm, Link
 * pages, redirects): paging never leaves the registry's origin, and every response is size-capped.
 */
export type AuthScheme = "anonymous" | "basic" | "bearer";
export type ClientOptions = {
  url: string;
  username?: string | null;
  password?: string | null;
  timeoutMs: number;
  /** Send basic credentials on the first request (the registry is known to want them). */
  preferBasic?: boolean;
  /** Entries asked per catalog or tag page (`n`); the registry may send fewer and a Link to the rest. */
  pageSize?: number;
};

export class RegistryRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly kind: "unreachable" | "unauthorized" | "not-found" | "protocol",
  ) {
    super(message);
  }
}

const MAX_JSON_BYTES = 8 * 1024 * 1024;
const MAX_PAGES = 100;
const PAGE_SIZE = 100;

export class RegistryClient {
  authScheme: AuthScheme = "anonymous";
  private readonly origin: string;
  private readonly tokens = new Map<string, string>();
  private useBasic = false;

  constructor(private readonly options: ClientOptions) {
    this.origin = new URL(options.url).origin;
    if (options.preferBasic && options.username) {
      this.useBasic = true;
      this.authScheme = "basic";
    }
  }

  /** `GET /v2/`: the API version check every registry answers (200 once authenticated). */
  async ping(): Promise<void> {
    const res = await this.request(`${this.origin}/v2/`, { scope: null });
    await res.body?.cancel();
  }

  async listRepositories(): Promise<string[]> {
    return this.pages(`${this.origin}/v2/_catalog?n=${this.options.pageSize ?? PAGE_SIZE}`, "registry:catalog:*", "repositories");
  }

  async listTags(repository: string): Promise<string[]> {
    return this.pages(`${this.origin}/v2/${repository}/tags/list?n=${this.options.pageSize ?? PAGE_SIZE}`, pullScope(repository), "tags");
  }

  /** The manifest or index; the digest from Docker-Content-Digest, else the sha256 of the bytes. */
  async getManifest(repository: string, reference: string): Promise<{ document: unknown; contentType: string | null; digest: string }> {
    const res = await this.request(`${this.origin}/v2/${repository}/manifests/${reference}`, {
      scope: pullScope(repository),
      accept: MANIFEST_ACCEPT,
    });
    const bytes = await readCapped(res, MAX_JSON_BYTES);
    const computed = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    const header = res.headers.get("docker-content-digest");
    return {
      document: parseJson(bytes, "manifest"),
      contentType: res.headers.get("content-type"),
      digest: header && /^sha256:[0-9a-f]{64}$/.test(header) ? header : reference.startsWith("sha256:") ? reference : computed,
    };
  }

  /** A JSON blob (an image config), checked against its sha256 digest. */
  async getJsonBlob(repository: string, digest: string): Promise<unknown> {
    const res = await this.request(`${this.origin}/v2/${repository}/blobs/${digest}`, { scope: pullScope(repository) });
    const bytes = await readCapped(res, MAX_JSON_BYTES);
    if (digest.startsWith("sha256:") && `sha256:${createHash("sha256").update(bytes).digest("hex")}` !== digest) {
      throw new RegistryRequestError(`The blob ${digest} does not match its digest`, null, "protocol");
    }
    return parseJson(bytes, "image config");
  }

  private async pages(first: string, scope: string, key: "repositories" | "tags"): Promise<string[]> {
    const names: string[] = [];
    let url: string | null = first;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const res = await this.request(url, { scope });
      const body = parseJson(await readCapped(res, MAX_JSON_BYTES), key) as Record<string, unknown> | null;
      const list = body?.[key];
      // A repository without tags answers `"tags": null`.
      if (list !== null && list !== undefined && !Array.isArray(list)) throw new RegistryRequestError(`The registry's ${key} list is not an array`, null, "protocol");
      for (const name of list ?? []) if (typeof name === "string") names.push(name);
      const next = nextPageUrl(res.headers.get("link"), url);
      // Paging stays on the registry: a Link to another origin is not followed.
      url = next && new URL(next).origin === this.origin ? next : null;
    }
    return [...new Set(names)];
  }

  private async request(url: string, { scope, accept }: { scope: string | null; accept?: string }): Promise<Response> {
    let res = await this.send(url, accept, this.authorization(scope));
    if (res.status === 401) {
      await res.body?.cancel();
      const challenge = pickChallenge(parseWwwAuthenticate(res.headers.get("www-authenticate")));
      if (challenge?.scheme === "bearer") {
        const token = await this.fetchToken(challenge.params, scope);
        this.tokens.set(scope ?? "", token);
        this.authScheme = "bearer";
        res = await this.send(url, accept, `Bearer ${token}`);
      } else if (challenge?.scheme === "basic" && this.hasCredentials()) {
        this.useBasic = true;
        this.authScheme = "basic";
        res = await this.send(url, accept, this.basic());
      } else if (challenge?.scheme === "basic") {
        throw new RegistryRequestError("The registry requires a username and password", 401, "unauthorized");
      }
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new RegistryRequestError(`The registry refused the credentials (HTTP ${res.status})`, res.status, "unauthorized");
    }
    if (res.status === 404) {
      await res.body?.cancel();
      throw new RegistryRequestError("Not found in the registry", 404, "not-found");
    }
    if (!res.ok) {
      const text = await res.text().catch(() => "");
      throw new RegistryRequestError(`The registry answered HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`, res.status, "protocol");
    }
    return res;
  }

  private authorization(scope: string | null): string | null {
    const token = this.tokens.get(scope ?? "");
    if (token) return `Bearer ${token}`;
    return this.useBasic ? this.basic() : null;
  }

  private async fetchToken(params: Record<string, string>, scope: string | null): Promise<string> {
    if (!params.realm) throw new RegistryRequestError("The registry's Bearer challenge names no realm", 401, "protocol");
    let realm: URL;
    try {
      realm = new URL(params.realm);
    } catch {
      throw new RegistryRequestError(`The token realm '${params.realm}' is not a URL`, 401, "protocol");
    }
    if (realm.protocol !== "http:" && realm.protocol !== "https:") throw new RegistryRequestError("The token realm must be http or https", 401, "protocol");
    if (params.service) realm.searchParams.set("service", params.service);
    const wanted = params.scope ?? scope;
    if (wanted) realm.searchParams.set("scope", wanted);
    const res = await this.send(realm.toString(), "application/json", this.hasCredentials() ? this.basic() : null);
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new RegistryRequestError(`The token service refused the credentials (HTTP ${res.status})`, res.status, "unauthorized");
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new RegistryRequestError(`The token service answered HTTP ${res.status}`, res.status, "protocol");
    }
    const body = parseJson(await readCapped(res, 1024 * 1024), "token response") as { token?: unknown; access_token?: unknown } | null;
    const token = body?.token ?? body?.access_token;
    if (typeof token !== "string" || !token) throw new RegistryRequestError("The token service sent no token", null, "protocol");
    return token;
  }

  private async send(url: string, accept: string | undefined, authorization: string | null): Promise<Response> {
    const headers: Record<string, string> = { accept: accept ?? "application/json" };
    if (authorization) headers.authorization = authorization;
    try {
      return await fetch(url, { headers, signal: AbortSignal.timeout(this.options.timeoutMs), redirect: "follow" });
    } catch (error) {
      const reason = (error as Error).name === "TimeoutError" ? `no answer within ${this.options.timeoutMs / 1000} s` : causeOf(error);
      throw new RegistryRequestError(`Cannot reach ${new URL(url).host}: ${reason}`, null, "unreachable");
    }
  }

  private hasCredentials() {
    return Boolean(this.options.username);
  }

  private basic() {
    return `Basic ${Buffer.from(`${this.options.username ?? ""}:${this.options.password ?? ""}`).toString("base64")}`;
  }
}

const pullScope = (repository: string) => `repository:${repository}:pull`;

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new RegistryRequestError(`The registry's answer is larger than ${maxBytes} bytes`, null, "protocol");
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new RegistryRequestError(`The registry's answer is larger than ${maxBytes} bytes`, null, "protocol");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new RegistryRequestError(`The registry's ${what} is not JSON`, null, "protocol");
  }
}
