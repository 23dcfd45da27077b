import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from "../twins";
import { createOptionsKeys } from "./create-options";
import type { DesiredImpact } from "./types";

/**
 * What applying new desired documents would do to a device (before: what its twins hold now,
 * after: mergeDeployments' desiredByModule). Modules are named as in `$edgeAgent` desired:
 * custom module names plus `edgeAgent`/`edgeHub` for the system modules; resetTwins uses twin
 * names (`$edgeHub`, custom modules).
 *
 * edgeAgent re-creates a container for any change other than `status` (its planner only starts or
 * stops a module whose definition differs in status alone), so restartPolicy, startupOrder and
 * imagePullPolicy changes count as restarts too. Hub bookkeeping (`configuration`) and how
 * createOptions is chunked do not.
 */
const TWIN_BOOKKEEPING = /^\$/;

function withoutBookkeeping(doc: JsonObject | undefined): JsonObject | undefined {
  if (!doc) return undefined;
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !TWIN_BOOKKEEPING.test(k)));
}

/** The module definitions of an `$edgeAgent` desired document, system modules under their own names. */
function moduleDefinitions(agent: JsonObject | undefined): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  if (!agent) return out;
  for (const group of [agent.systemModules, agent.modules]) {
    if (!isJsonObject(group)) continue;
    for (const [name, def] of Object.entries(group)) if (isJsonObject(def)) out.set(name, def);
  }
  return out;
}

/** The definition as edgeAgent compares it: no hub bookkeeping, createOptions joined into one string. */
function comparable(def: JsonObject): JsonObject {
  const { configuration: _configuration, ...rest } = def;
  if (!isJsonObject(rest.settings)) return rest;
  const settings = rest.settings;
  const keys = createOptionsKeys(settings);
  const others = Object.fromEntries(Object.entries(settings).filter(([k]) => !keys.includes(k)));
  const joined = keys.map((k) => (typeof settings[k] === "string" ? settings[k] : JSON.stringify(settings[k]))).join("");
  return { ...rest, settings: keys.length > 0 ? { ...others, createOptions: joined } : others };
}

const withoutStatus = (def: JsonObject): JsonObject => Object.fromEntries(Object.entries(def).filter(([k]) => k !== "status"));
const sorted = (names: Iterable<string>) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function compareDesired(before: Record<string, JsonObject | undefined>, after: Record<string, JsonObject>): DesiredImpact {
  const oldModules = moduleDefinitions(withoutBookkeeping(before.$edgeAgent));
  const newModules = moduleDefinitions(after.$edgeAgent);
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  const restarted: string[] = [];
  for (const [name, def] of newModules) {
    const old = oldModules.get(name);
    if (!old) {
      added.push(name);
      continue;
    }
    const [a, b] = [comparable(old), comparable(def)];
    if (jsonEqual(a, b)) continue;
    changed.push(name);
    if (!jsonEqual(withoutStatus(a), withoutStatus(b))) restarted.push(name);
  }
  for (const name of oldModules.keys()) if (!newModules.has(name)) removed.push(name);

  // A twin the new documents leave out is left alone (reference §6.5), so only written twins reset.
  const resetTwins = Object.keys(after).filter(
    (twin) => twin !== "$edgeAgent" && !jsonEqual((withoutBookkeeping(before[twin]) ?? null) as JsonValue, withoutBookkeeping(after[twin])! as JsonValue),
  );
  return { added: sorted(added), removed: sorted(removed), changed: sorted(changed), restarted: sorted(restarted), resetTwins: sorted(resetTwins) };
}
