import { isJsonObject, type JsonObject, type JsonValue } from "../twins";
import { DESIRED_KEY, dottedDesiredPath } from "./layered";
import type { ModulesContent } from "./types";

/**
 * `settings.createOptions` chunking, reference §6.2. Long Docker create options are split across
 * `createOptions`, `createOptions01`, … `createOptions99`; edgeAgent joins every key matching
 * `createOptions[0-9]*` (any case) in string-sort order and rejects the whole deployment when the
 * sequence is off: the first key must be exactly `createOptions`, the n-th sorted key must carry n.
 */
export const CREATE_OPTIONS_CHUNK_SIZE = 512;
/** edgeAgent reads at most 100 chunks. */
export const CREATE_OPTIONS_MAX_CHUNKS = 100;
/** What the Azure portal tooling will produce (8 × 512); beyond it only hand-written manifests go. */
export const CREATE_OPTIONS_PORTAL_LIMIT = 4096;

const CHUNK_KEY = /^createoptions(\d*)$/i;
export const isCreateOptionsKey = (key: string) => CHUNK_KEY.test(key);
const chunkKey = (index: number) => (index === 0 ? "createOptions" : `createOptions${String(index).padStart(2, "0")}`);

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * `{createOptions, createOptions01, …}` of at most 512 characters each. A chunk never ends between
 * the two halves of a surrogate pair (it gets 511 then): a lone surrogate is not storable JSON in
 * PostgreSQL, and edgeAgent rejoins the pieces anyway.
 */
export function chunkCreateOptions(value: string): Record<string, string> {
  const chunks: Record<string, string> = {};
  let start = 0;
  let index = 0;
  do {
    let end = Math.min(start + CREATE_OPTIONS_CHUNK_SIZE, value.length);
    if (end < value.length && isHighSurrogate(value.charCodeAt(end - 1))) end--;
    chunks[chunkKey(index++)] = value.slice(start, end);
    start = end;
  } while (start < value.length);
  return chunks;
}

/** The createOptions keys of a settings object in edgeAgent's order (ordinal string sort). */
export function createOptionsKeys(settings: JsonObject): string[] {
  return Object.keys(settings)
    .filter(isCreateOptionsKey)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export type JoinResult = { ok: true; value: string } | { ok: false; message: string; key?: string };

/** Joins the chunks and checks their names and types the way edgeAgent does. */
export function joinChunkSequence(settings: JsonObject): JoinResult {
  const keys = createOptionsKeys(settings);
  if (keys.length > CREATE_OPTIONS_MAX_CHUNKS) {
    return { ok: false, message: `createOptions has ${keys.length} chunks; edgeAgent reads at most ${CREATE_OPTIONS_MAX_CHUNKS}` };
  }
  let value = "";
  for (const [n, key] of keys.entries()) {
    if (n === 0 && key !== "createOptions") {
      return { ok: false, message: `the first createOptions key must be exactly 'createOptions' (found '${key}')`, key };
    }
    const carried = n === 0 ? 0 : Number(CHUNK_KEY.exec(key)![1] || Number.NaN);
    if (carried !== n) {
      return {
        ok: false,
        message: `'${key}' is chunk ${n + 1} in edgeAgent's string-sort order but carries ${Number.isNaN(carried) ? "no number" : carried}: name chunks createOptions, createOptions01, createOptions02, … without gaps or duplicates (expected '${chunkKey(n)}')`,
        key,
      };
    }
    const chunk = settings[key];
    if (typeof chunk !== "string") return { ok: false, message: `'${key}' must be a string (stringified Docker create options)`, key };
    value += chunk;
  }
  return { ok: true, value };
}

/** Joins and checks the chunks like edgeAgent, then checks the result is a JSON object (or empty / "null"). */
export function joinCreateOptions(settings: JsonObject): JoinResult {
  const joined = joinChunkSequence(settings);
  if (!joined.ok) return joined;
  const { value } = joined;
  const first = createOptionsKeys(settings)[0];
  if (value.trim() === "" || value.trim() === "null") return { ok: true, value };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    return { ok: false, message: `createOptions is not valid JSON: ${(error as Error).message}`, key: first };
  }
  if (!isJsonObject(parsed)) return { ok: false, message: "createOptions must be a JSON object (Docker ContainerCreate options)", key: first };
  return { ok: true, value };
}

/** Settings with canonical 512-character chunks, or the same object when nothing needs to change. */
function rechunkSettings(settings: JsonObject): JsonObject {
  const keys = createOptionsKeys(settings);
  if (keys.length === 0) return settings;
  const joined = joinChunkSequence(settings);
  // An invalid sequence is left for validateManifest to report: re-chunking would hide the mistake.
  if (!joined.ok) return settings;
  const tooLong = keys.some((k) => typeof settings[k] === "string" && (settings[k] as string).length > CREATE_OPTIONS_CHUNK_SIZE);
  if (!tooLong) return settings;
  const rest = Object.fromEntries(Object.entries(settings).filter(([k]) => !isCreateOptionsKey(k)));
  return { ...rest, ...chunkCreateOptions(joined.value) };
}

function rechunkModule(def: JsonValue): JsonValue {
  if (!isJsonObject(def) || !isJsonObject(def.settings)) return def;
  const settings = rechunkSettings(def.settings);
  return settings === def.settings ? def : { ...def, settings };
}

function rechunkModuleMap(map: JsonValue | undefined): JsonValue | undefined {
  if (!isJsonObject(map)) return map;
  return Object.fromEntries(Object.entries(map).map(([name, def]) => [name, rechunkModule(def)]));
}

function rechunkAgentEntry(entry: Record<string, JsonValue>): Record<string, JsonValue> {
  const out: [string, JsonValue][] = [];
  for (const [key, value] of Object.entries(entry)) {
    const path = dottedDesiredPath(key);
    if (key === DESIRED_KEY && isJsonObject(value)) {
      const next: JsonObject = { ...value };
      if (isJsonObject(value.modules)) next.modules = rechunkModuleMap(value.modules)!;
      if (isJsonObject(value.systemModules)) next.systemModules = rechunkModuleMap(value.systemModules)!;
      out.push([key, next]);
    } else if (path && path.length === 2 && (path[0] === "modules" || path[0] === "systemModules")) {
      out.push([key, rechunkModule(value)]);
    } else if (path && path.length === 3 && path[2] === "settings" && isJsonObject(value)) {
      out.push([key, rechunkSettings(value)]);
    } else if (path && path.length === 4 && path[2] === "settings" && path[3] === "createOptions" && typeof value === "string" && value.length > CREATE_OPTIONS_CHUNK_SIZE) {
      // A dotted write of one long string becomes one dotted write per chunk.
      for (const [chunk, text] of Object.entries(chunkCreateOptions(value))) out.push([`${DESIRED_KEY}.${path.slice(0, 3).join(".")}.${chunk}`, text]);
    } else {
      out.push([key, value]);
    }
  }
  return Object.fromEntries(out);
}

/** Re-chunks every module and system module createOptions longer than 512 characters (on save). */
export function chunkAllCreateOptions(mc: ModulesContent): ModulesContent {
  return Object.fromEntries(Object.entries(mc).map(([module, entry]) => [module, module === "$edgeAgent" && isJsonObject(entry) ? rechunkAgentEntry(entry) : entry]));
}
