import { signSasToken } from "@/lib/domain/identity";
import type { KnownImage } from "@/lib/domain/edge-runtime";
import type { JsonObject } from "@/lib/domain/twins";

/**
 * The few REST calls the simulator makes, over HTTP like any external tool (docs/api.md), with a
 * hub policy key. IoT Edge's identity service would use the device's own key for module identities
 * (reference §1.5); EdgeDeck's REST API takes policy tokens only, so a policy with registryWrite
 * (and serviceConnect, to give new devices a default deployment) is required: iothubowner.
 */
export type HubRestOptions = { baseUrl: string; hostName: string; policyName: string; policyKey: string };

export class HubRestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export type ModuleIdentity = { moduleId: string; managedBy: string | null; authentication: { type: string } };

const enc = encodeURIComponent;

export class HubRest {
  private token = "";
  private tokenExpiry = 0;

  constructor(private readonly options: HubRestOptions) {}

  private authorization(): string {
    const nowS = Math.floor(Date.now() / 1000);
    if (this.tokenExpiry - nowS < 600) {
      this.tokenExpiry = nowS + 3600;
      this.token = signSasToken({ resourceUri: this.options.hostName, keyBase64: this.options.policyKey, expirySeconds: this.tokenExpiry, policyName: this.options.policyName });
    }
    return this.token;
  }

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(new URL(`/api${path}`, this.options.baseUrl), {
      method,
      headers: { authorization: this.authorization(), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new HubRestError(res.status, error?.code ?? String(res.status), `${method} ${path}: ${res.status} ${error?.message ?? text.slice(0, 200)}`);
    }
    return json as T;
  }

  /**
   * What a simulated device can "pull": the hub's image list (built-in catalog plus the repositories
   * cached from registry sources). A repository whose tags were never listed accepts any tag.
   */
  async listKnownImages(): Promise<KnownImage[]> {
    const { items } = await this.call<{ items: { imageRef: string; tags: string[] }[] }>("GET", "/images?limit=200");
    return items.map((i) => ({ repository: i.imageRef, tags: i.tags.length > 0 ? i.tags : ["*"] }));
  }

  /** The device with its keys, or null when it does not exist. */
  async getDevice(deviceId: string): Promise<{ deviceId: string; authentication: { type: string; symmetricKey: { primaryKey: string | null } }; capabilities?: { iotEdge?: boolean } } | null> {
    try {
      return await this.call("GET", `/devices/${enc(deviceId)}`);
    } catch (error) {
      if (error instanceof HubRestError && error.status === 404) return null;
      throw error;
    }
  }

  createEdgeDevice(deviceId: string) {
    return this.call<{ authentication: { symmetricKey: { primaryKey: string } } }>("PUT", `/devices/${enc(deviceId)}`, { deviceId, capabilities: { iotEdge: true } });
  }

  listModules(deviceId: string): Promise<ModuleIdentity[]> {
    return this.call("GET", `/devices/${enc(deviceId)}/modules`);
  }

  /** What edgeAgent does for each module of the deployment (reference §1.4): create it, managed by IotEdge. */
  createModule(deviceId: string, moduleId: string): Promise<ModuleIdentity> {
    return this.call("PUT", `/devices/${enc(deviceId)}/modules/${enc(moduleId)}`, { deviceId, moduleId, managedBy: "IotEdge", authentication: { type: "sas" } });
  }

  getModule(deviceId: string, moduleId: string): Promise<ModuleIdentity> {
    return this.call("GET", `/devices/${enc(deviceId)}/modules/${enc(moduleId)}`);
  }

  /**
   * `$edgeAgent`/`$edgeHub` start with authentication `none`; the runtime switches them to SAS (new
   * keys; managedBy is kept). Also used for a module identity someone created without keys.
   */
  giveSasKeys(deviceId: string, moduleId: string): Promise<ModuleIdentity> {
    return this.call("PUT", `/devices/${enc(deviceId)}/modules/${enc(moduleId)}`, { deviceId, moduleId, authentication: { type: "sas" } }, { "if-match": "*" });
  }

  async deleteModule(deviceId: string, moduleId: string): Promise<void> {
    try {
      await this.call("DELETE", `/devices/${enc(deviceId)}/modules/${enc(moduleId)}`, undefined, { "if-match": "*" });
    } catch (error) {
      if (!(error instanceof HubRestError && error.status === 404)) throw error;
    }
  }

  getModuleTwin(deviceId: string, moduleId: string): Promise<{ properties: { desired: JsonObject; reported: JsonObject } }> {
    return this.call("GET", `/twins/${enc(deviceId)}/modules/${enc(moduleId)}`);
  }

  patchModuleDesired(deviceId: string, moduleId: string, desired: JsonObject): Promise<unknown> {
    return this.call("PATCH", `/twins/${enc(deviceId)}/modules/${enc(moduleId)}`, { properties: { desired } }, { "if-match": "*" });
  }
}
