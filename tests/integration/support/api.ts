import { randomBytes } from "node:crypto";
import { ensureDefaultPolicies, findAccessPolicy, type AccessPolicy } from "@/lib/data/access-policies";
import { getStore } from "@/lib/data/store";
import { DEFAULT_POLICIES, signSasToken } from "@/lib/domain/identity";

/**
 * Calls the real App Router route handlers in-process, the way Next would: the route file is found by
 * matching the path against the folders of `app/api/**\/route.ts` (static segments before `[param]`
 * ones), dynamic segments are percent-decoded, and the module's exported method is called with a
 * standard Request. Tests therefore exercise the same code the server runs, minus the HTTP socket.
 */

import { loadRoute, matchRoute, ROUTES, routePattern, type RouteFile } from "@/lib/api/route-table";

export { matchRoute, ROUTES, routePattern, type RouteFile };

// ---------------------------------------------------------------------------------------------
// Policies and tokens

/**
 * The owner key every integration test file provisions with. Files share one PostgreSQL database, so
 * whichever file runs first creates the policies and the others read the same rows.
 */
export const OWNER_KEY = "ZWRnZWRlY2staW50ZWdyYXRpb24tb3duZXIta2V5LTAwMDAwMDA=";
export type PolicyName = (typeof DEFAULT_POLICIES)[number]["keyName"];

let policiesReady: Promise<Map<string, AccessPolicy>> | null = null;

/** Creates the default policies (once per process) and returns them with their keys. */
export function setupPolicies(): Promise<Map<string, AccessPolicy>> {
  policiesReady ??= (async () => {
    await ensureDefaultPolicies({ ownerKey: OWNER_KEY });
    const byName = new Map<string, AccessPolicy>();
    for (const { keyName } of DEFAULT_POLICIES) {
      const policy = await findAccessPolicy(keyName);
      if (!policy) throw new Error(`policy ${keyName} missing after ensureDefaultPolicies`);
      byName.set(keyName, policy);
    }
    return byName;
  })();
  return policiesReady;
}

export async function policyKey(name: string): Promise<string> {
  const policy = (await setupPolicies()).get(name);
  if (!policy) throw new Error(`unknown policy ${name}`);
  return policy.primaryKey;
}

/** `SharedAccessSignature sr=localhost&sig=…&se=…&skn=<policy>`; `ttlSeconds` may be negative. */
export async function sasToken(
  options: { policy?: string; ttlSeconds?: number; key?: string; resource?: string } = {},
): Promise<string> {
  const policy = options.policy ?? "iothubowner";
  return signSasToken({
    resourceUri: options.resource ?? "localhost",
    keyBase64: options.key ?? (await policyKey(policy)),
    expirySeconds: Math.floor(Date.now() / 1000) + (options.ttlSeconds ?? 3600),
    policyName: policy,
  });
}

// ---------------------------------------------------------------------------------------------
// callApi

/** Response bodies are read loosely in tests; the assertions are what check their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Loose = any;
export type ApiResponse<T = Loose> = { status: number; headers: Headers; json: T; text: string };

export type CallOptions = {
  /** An object is sent as JSON; a string or bytes are sent verbatim (malformed-input tests). */
  body?: unknown;
  /** `null` removes a header the helper would otherwise set (content-type, authorization). */
  headers?: Record<string, string | null>;
  policy?: string;
  auth?: boolean;
};

export async function callApi<T = Loose>(method: string, urlPath: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const url = new URL(urlPath, "http://localhost");
  const match = matchRoute(url.pathname);
  if ("error" in match) {
    const status = match.error === "bad-encoding" ? 400 : 404;
    return { status, headers: new Headers(), json: undefined as T, text: "" };
  }
  const mod = await loadRoute(match.route.file);
  const handler = mod[method.toUpperCase()];
  if (typeof handler !== "function") return { status: 405, headers: new Headers(), json: undefined as T, text: "" };

  const headers = new Headers();
  let body: string | Uint8Array | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" || options.body instanceof Uint8Array ? options.body : JSON.stringify(options.body);
    headers.set("content-type", "application/json; charset=utf-8");
  }
  if (options.auth !== false) headers.set("authorization", await sasToken({ policy: options.policy ?? "iothubowner" }));
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  // A string body would get `text/plain` from fetch when the caller removed the content type.
  if (typeof body === "string" && !headers.has("content-type")) body = new TextEncoder().encode(body);
  const request = new Request(url, { method: method.toUpperCase(), headers, body: body as BodyInit | undefined });
  const response: Response = await handler(request, { params: Promise.resolve(match.params) });
  const text = await response.text();
  let json: unknown;
  if (text && (response.headers.get("content-type") ?? "").includes("json")) json = JSON.parse(text);
  return { status: response.status, headers: response.headers, json: json as T, text };
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/** A unique id: `prefix-<8 hex>` (test files share one database and run in parallel). */
export const suffix = () => randomBytes(4).toString("hex");
export const uniqueId = (prefix = "it") => `${prefix}-${suffix()}`;
export const enc = encodeURIComponent;
export const devicePath = (id: string) => `/api/devices/${enc(id)}`;
export const modulePath = (d: string, m: string) => `/api/devices/${enc(d)}/modules/${enc(m)}`;

export async function createDevice(options: { id?: string; edge?: boolean; body?: Record<string, unknown> } = {}) {
  const deviceId = options.id ?? uniqueId(options.edge ? "edge" : "dev");
  const res = await callApi("PUT", `/api/devices/${enc(deviceId)}`, {
    body: { deviceId, ...(options.edge ? { capabilities: { iotEdge: true } } : {}), ...options.body },
  });
  if (res.status !== 200) throw new Error(`create device ${deviceId}: ${res.status} ${res.text}`);
  return { deviceId, device: res.json };
}

export const createEdgeDevice = (options: { id?: string; body?: Record<string, unknown> } = {}) =>
  createDevice({ ...options, edge: true });

export async function createModule(deviceId: string, moduleId = uniqueId("mod")) {
  const res = await callApi("PUT", `/api/devices/${enc(deviceId)}/modules/${enc(moduleId)}`, {
    body: { deviceId, moduleId },
  });
  if (res.status !== 201) throw new Error(`create module ${deviceId}/${moduleId}: ${res.status} ${res.text}`);
  return { moduleId, module: res.json };
}

/** A device twin or a module twin: the tests that hold for both run once per kind. */
export type TwinTarget = { deviceId: string; moduleId?: string };
export const twinTargets: Array<[string, () => Promise<TwinTarget>]> = [
  ["device twin", async () => ({ deviceId: (await createDevice()).deviceId })],
  [
    "module twin",
    async () => {
      const { deviceId } = await createDevice();
      return { deviceId, moduleId: (await createModule(deviceId)).moduleId };
    },
  ],
];

export const twinPath = (deviceId: string, moduleId?: string) =>
  `/api/twins/${enc(deviceId)}${moduleId === undefined ? "" : `/modules/${enc(moduleId)}`}`;

export async function getTwin(deviceId: string, moduleId?: string) {
  const res = await callApi("GET", twinPath(deviceId, moduleId));
  if (res.status !== 200) throw new Error(`get twin ${deviceId}/${moduleId ?? ""}: ${res.status} ${res.text}`);
  return res.json;
}

// ---------------------------------------------------------------------------------------------
// Direct database reads (the REST surface is what is under test; these check what it stored)

export async function sqlRows<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await getStore()).query<T>(text, params);
}

export type RowCounts = { devices: number; modules: number; twin_revisions: number; changes: number };

/** Rows in the four written tables, limited to `deviceIds` (other files write in parallel), or all. */
export async function countRows(deviceIds?: string[]): Promise<RowCounts> {
  const filter = deviceIds ? " where device_id = any($1::text[])" : "";
  const params = deviceIds ? [deviceIds] : [];
  const [row] = await sqlRows<Record<keyof RowCounts, string | number>>(
    `select (select count(*) from devices${filter}) as devices, (select count(*) from modules${filter}) as modules,
      (select count(*) from twin_revisions${filter}) as twin_revisions, (select count(*) from changes${filter}) as changes`,
    params,
  );
  return {
    devices: Number(row!.devices),
    modules: Number(row!.modules),
    twin_revisions: Number(row!.twin_revisions),
    changes: Number(row!.changes),
  };
}

export async function revisionsOf(deviceId: string, moduleId = "") {
  return sqlRows<{ section: string; version: number; operation: string; patch: unknown; actor: string }>(
    `select section, version, operation, patch, actor from twin_revisions_resolved
      where device_id = $1 and module_id = $2 order by id`,
    [deviceId, moduleId],
  );
}

export async function changesOf(deviceId: string) {
  return sqlRows<{ seq: string | number; kind: string; module_id: string | null; version: string | number | null }>(
    `select seq, kind, module_id, version from changes where device_id = $1 order by seq`,
    [deviceId],
  );
}

export const isPostgres = () => Boolean(process.env.DATABASE_URL?.trim());
