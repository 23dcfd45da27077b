/**
 * TEMPORARY adapter: the composer is written against the lib/domain/deployments contract, which
 * lands on main in parallel. Until it does these stand-ins keep the pages compiling; after the
 * merge this file only re-exports from "@/lib/domain/deployments".
 */
import type { ManifestProblem, ModulesContent } from "./deployment-types";

export { isLayeredContent, validateConfigurationId } from "@/lib/domain/deployments";

export const CREATE_OPTIONS_CHUNK_SIZE = 512;
export function chunkCreateOptions(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0, n = 0; i < Math.max(value.length, 1); i += CREATE_OPTIONS_CHUNK_SIZE, n++) {
    out[n === 0 ? "createOptions" : `createOptions${String(n).padStart(2, "0")}`] = value.slice(i, i + CREATE_OPTIONS_CHUNK_SIZE);
  }
  return out;
}

export type ParsedRoute = {
  source: string;
  sourceModule: string | null;
  sourceOutput: string | null;
  condition: string | null;
  sink: { kind: "upstream" } | { kind: "module"; module: string; input: string };
};
export function parseRoute(text: string): { ok: true; route: ParsedRoute } | { ok: false; message: string; offset: number } {
  const m = /^\s*FROM\s+(\S+)(?:\s+WHERE\s+(.+?))?\s+INTO\s+(.+?)\s*$/i.exec(text);
  if (!m) return { ok: false, message: "expected FROM <source> [WHERE <condition>] INTO <sink>", offset: 0 };
  const source = m[1]!;
  const mod = /^\/messages\/modules\/([^/]+)(?:\/outputs\/([^/]+))?/.exec(source);
  const sinkText = m[3]!;
  const sinkModule = /BrokeredEndpoint\("\/modules\/([^/]+)\/inputs\/([^"]+)"\)/i.exec(sinkText);
  const sink = sinkModule ? { kind: "module" as const, module: sinkModule[1]!, input: sinkModule[2]! } : { kind: "upstream" as const };
  return { ok: true, route: { source, sourceModule: mod?.[1] ?? null, sourceOutput: mod?.[2] ?? null, condition: m[2] ?? null, sink } };
}

export function readManifest(json: unknown): { ok: true; modulesContent: ModulesContent } | { ok: false; problem: ManifestProblem } {
  const o = json as { modulesContent?: unknown; content?: { modulesContent?: unknown } } | null;
  const mc = o?.modulesContent ?? o?.content?.modulesContent;
  if (mc && typeof mc === "object" && !Array.isArray(mc)) return { ok: true, modulesContent: mc as ModulesContent };
  return { ok: false, problem: { severity: "error", code: "ManifestShape", path: "modulesContent", message: "expected {modulesContent} or {content:{modulesContent}}" } };
}
export const exportManifest = (mc: ModulesContent) => ({ modulesContent: mc });

export const DEPLOYMENT_SCHEMA: object = { type: "object", required: ["id", "content"] };
