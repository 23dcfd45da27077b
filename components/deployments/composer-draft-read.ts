import type { JsonObject, JsonValue } from "@/lib/domain/twins";
import { isLayeredContent } from "./deployment-domain";
import { emptyDraft, emptyModule, LAYER_ROUTE_KEY, moduleDefinitions, obj, parseJson, str, type ComposerDraft, type ModuleDraft } from "./composer-draft";
import type { ModulesContent } from "./deployment-types";

/** From a stored or imported `modulesContent` (base or layered) to the composer's draft. */

function joinCreateOptions(settings: JsonObject): string {
  const keys = Object.keys(settings).filter((k) => /^createOptions\d*$/i.test(k)).sort();
  const text = keys.map((k) => str(settings[k])).join("");
  const parsed = parseJson(text);
  return parsed === undefined ? text : JSON.stringify(parsed, null, 2);
}

export function moduleFromEntry(name: string, entry: JsonObject, desired: JsonValue | undefined): ModuleDraft {
  const settings = obj(entry.settings);
  return {
    ...emptyModule(name, str(settings.image)),
    digest: str(settings.image).includes("@") ? str(settings.image).split("@")[1]! : "",
    version: str(entry.version, "1.0"),
    status: entry.status === "stopped" ? "stopped" : "running",
    restartPolicy: (["always", "on-failure", "on-unhealthy", "never"].includes(str(entry.restartPolicy)) ? entry.restartPolicy : "always") as ModuleDraft["restartPolicy"],
    startupOrder: str(entry.startupOrder),
    imagePullPolicy: entry.imagePullPolicy === "never" || entry.imagePullPolicy === "on-create" ? entry.imagePullPolicy : "",
    env: Object.entries(obj(entry.env)).map(([n, v]) => ({ name: n, value: str(obj(v).value) })),
    createOptions: joinCreateOptions(settings),
    desired: desired === undefined ? "" : JSON.stringify(desired, null, 2),
    origin: entry,
  };
}

/** The composer's form of a stored or imported `modulesContent` (base or layered). */
export function fromModulesContent(mc: ModulesContent, base: Partial<ComposerDraft> = {}): ComposerDraft {
  const d = { ...emptyDraft(), ...base, modules: [], routes: [], source: mc } as ComposerDraft;
  const agent = obj(mc.$edgeAgent);
  const hub = obj(mc.$edgeHub);
  const agentDesired = obj(agent["properties.desired"]);
  d.layered = isLayeredContent(mc);
  const moduleEntries = moduleDefinitions(mc);
  const runtimeSettings = obj(obj(agentDesired.runtime).settings);
  const system = obj(agentDesired.systemModules);
  if (!d.layered) {
    d.agentImage = str(obj(obj(system.edgeAgent).settings).image, d.agentImage);
    d.hubImage = str(obj(obj(system.edgeHub).settings).image, d.hubImage);
    d.minDockerVersion = str(runtimeSettings.minDockerVersion, d.minDockerVersion);
    d.loggingOptions = str(runtimeSettings.loggingOptions);
    d.registryCredentials = Object.entries(obj(runtimeSettings.registryCredentials)).map(([name, c]) => ({
      name,
      address: str(obj(c).address),
      username: str(obj(c).username),
      password: str(obj(c).password),
    }));
  }
  d.modules = moduleEntries.map(([name, entry]) => {
    const { "properties.desired": desired, ...twinExtra } = obj(mc[name]);
    return { ...moduleFromEntry(name, entry, desired), ...(Object.keys(twinExtra).length ? { twinExtra } : {}) };
  });
  const hubDesired = obj(hub["properties.desired"]);
  const routeEntries: [string, JsonValue][] = d.layered
    ? Object.entries(hub).flatMap(([k, v]): [string, JsonValue][] => {
        const match = LAYER_ROUTE_KEY.exec(k);
        return match ? [[match[1]!, v]] : [];
      })
    : Object.entries(obj(hubDesired.routes));
  d.routes = routeEntries.map(([name, r]) =>
    typeof r === "string" ? { name, route: r, priority: "", ttl: "" } : { name, route: str(obj(r).route), priority: str(obj(r).priority), ttl: str(obj(r).timeToLiveSecs) },
  );
  d.storeTtl = str(obj(hubDesired.storeAndForwardConfiguration).timeToLiveSecs, "7200");
  return d;
}
