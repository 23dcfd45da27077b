// Summarises a V8 .cpuprofile (node --cpu-prof): where the samples were, by area (package, Node
// internals, GC, the app's own code) and by function, self and total (inclusive) time.
//
//   node --import tsx bench/lib/profile-summary.ts path/to/CPU.….cpuprofile [bench/results/bench-….json]
//
// With the results file of the same run, one summary per measured EdgeDeck run (its time window).
import fs from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export type ProfileSummary = {
  file: string;
  /** The measured window the samples were taken from, or "whole run". */
  window: string;
  /** Milliseconds of samples, idle excluded. */
  busyMs: number;
  idleMs: number;
  areas: { area: string; selfMs: number; percent: number }[];
  /** Time with at least one frame of the area on the stack. */
  areasInclusive: { area: string; totalMs: number; percent: number }[];
  selfTop: { frame: string; selfMs: number; percent: number }[];
  totalTop: { frame: string; totalMs: number; percent: number }[];
};

/**
 * Bundled and minified code (the app's route chunks in .next/server, Next's compiled runtime) is
 * attributed through its `.map` file, so that a frame reads `lib/api/authenticate.ts:23` or
 * `node_modules/zod/…` instead of `.next/server/chunks/[root-of-the-server]__….js:1`.
 */
const maps = new Map<string, SourceMap | null>();
function sourceMapFor(file: string): SourceMap | null {
  if (!maps.has(file)) {
    let map: SourceMap | null = null;
    try {
      if (fs.existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return maps.get(file)!;
}

type Resolved = { file: string; line: number; name: string; native: boolean };

function resolveFrame(frame: CallFrame): Resolved {
  const name = frame.functionName || "(anonymous)";
  if (!frame.url) return { file: "", line: 0, name, native: true };
  if (frame.url.startsWith("node:")) return { file: frame.url, line: frame.lineNumber + 1, name, native: false };
  const file = frame.url.startsWith("file://") ? decodeURIComponent(frame.url.slice(7)) : frame.url;
  const map = file.endsWith(".js") ? sourceMapFor(file) : null;
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as
    | { originalSource?: string; originalLine?: number; name?: string }
    | undefined;
  if (entry?.originalSource) {
    const source = entry.originalSource.replace(/^(turbopack|webpack):\/\/+(\[project\]\/)?/, "");
    const original = path.isAbsolute(source) ? source : path.resolve(path.dirname(file), source);
    return { file: original, line: (entry.originalLine ?? 0) + 1, name: entry.name ?? name, native: false };
  }
  return { file, line: frame.lineNumber + 1, name, native: false };
}

const project = (file: string) => path.relative(process.cwd(), file);

/** Which part of the system a frame belongs to. */
function areaOf(frame: CallFrame, resolved: Resolved): string {
  const { functionName } = frame;
  if (resolved.native) {
    if (functionName === "(garbage collector)") return "GC";
    if (functionName === "(idle)") return "(idle)";
    if (functionName === "(program)") return "(program: native, not attributed)";
    return `native: ${functionName || "(anonymous)"}`;
  }
  const url = resolved.file;
  if (url.startsWith("node:")) return `node: ${url.startsWith("node:internal/") ? url.slice(14).split("/")[0] : url.slice(5)}`;
  const modules = url.lastIndexOf("node_modules/");
  if (modules !== -1) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    const pkg = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    if (pkg === "next") return `next (${rest.slice(1, 3).join("/")})`;
    return pkg;
  }
  const local = project(url);
  if (local.startsWith(".next/")) return "app bundle (.next/server, unmapped)";
  return `project: ${local.split("/").slice(0, local.startsWith("lib/") ? 2 : 1).join("/")}`;
}

const label = (resolved: Resolved) =>
  resolved.native ? resolved.name : `${resolved.name} ${resolved.file.startsWith("node:") ? resolved.file : project(resolved.file)}:${resolved.line}`;

export type SampleWindow = { label: string; fromUs: number; toUs: number };

export function readProfile(file: string): Profile {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
}

/** Self/total time by area and frame, over the whole profile or only the samples inside `window`. */
export function summariseProfile(file: string, options: { top?: number; window?: SampleWindow; profile?: Profile } = {}): ProfileSummary {
  const top = options.top ?? 25;
  const profile = options.profile ?? readProfile(file);
  const window = options.window;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfByNode = new Map<number, number>();
  // Sample i is stamped startTime + the deltas up to i; its duration is the next delta.
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + ms);
  });

  const areas = new Map<string, number>();
  const selfByFrame = new Map<string, number>();
  const totalByFrame = new Map<string, number>();
  const totalByArea = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  const resolvedById = new Map<number, Resolved>();
  const resolve = (id: number) => {
    let r = resolvedById.get(id);
    if (!r) resolvedById.set(id, (r = resolveFrame(byId.get(id)!.callFrame)));
    return r;
  };
  for (const [id, ms] of selfByNode) {
    const frame = byId.get(id)!.callFrame;
    const resolved = resolve(id);
    if (frame.functionName === "(idle)") {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    const area = areaOf(frame, resolved);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    selfByFrame.set(label(resolved), (selfByFrame.get(label(resolved)) ?? 0) + ms);
    // Inclusive time: every distinct frame on the stack gets the sample once (recursion counted once).
    const seen = new Set<string>();
    const seenAreas = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = label(resolve(cur));
      if (name === "(root)" || seen.has(name)) continue;
      seen.add(name);
      totalByFrame.set(name, (totalByFrame.get(name) ?? 0) + ms);
      const curArea = areaOf(byId.get(cur)!.callFrame, resolve(cur));
      if (!seenAreas.has(curArea)) {
        seenAreas.add(curArea);
        totalByArea.set(curArea, (totalByArea.get(curArea) ?? 0) + ms);
      }
    }
  }
  const pct = (ms: number) => (busyMs > 0 ? Math.round((ms / busyMs) * 1000) / 10 : 0);
  const r1 = (ms: number) => Math.round(ms);
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    file,
    window: window?.label ?? "whole run",
    busyMs: r1(busyMs),
    idleMs: r1(idleMs),
    areas: sorted(areas).map(([area, ms]) => ({ area, selfMs: r1(ms), percent: pct(ms) })),
    areasInclusive: sorted(totalByArea).map(([area, ms]) => ({ area, totalMs: r1(ms), percent: pct(ms) })),
    selfTop: sorted(selfByFrame).slice(0, top).map(([frame, ms]) => ({ frame, selfMs: r1(ms), percent: pct(ms) })),
    totalTop: sorted(totalByFrame).slice(0, top).map(([frame, ms]) => ({ frame, totalMs: r1(ms), percent: pct(ms) })),
  };
}

export function profileText(summary: ProfileSummary): string {
  const lines = [
    `Profile ${path.basename(summary.file)}, ${summary.window}: ${summary.busyMs} ms busy, ${summary.idleMs} ms idle`,
    "",
    "By area (self time):",
  ];
  for (const a of summary.areas.slice(0, 15)) lines.push(`  ${String(a.percent).padStart(5)}%  ${String(a.selfMs).padStart(7)} ms  ${a.area}`);
  lines.push("", "By area (inclusive: time with the area anywhere on the stack):");
  for (const a of summary.areasInclusive.filter((x) => !x.area.startsWith("native")).slice(0, 15)) {
    lines.push(`  ${String(a.percent).padStart(5)}%  ${String(a.totalMs).padStart(7)} ms  ${a.area}`);
  }
  lines.push("", "Top frames by self time:");
  for (const f of summary.selfTop) lines.push(`  ${String(f.percent).padStart(5)}%  ${String(f.selfMs).padStart(7)} ms  ${f.frame}`);
  lines.push("", "Top frames by total (inclusive) time:");
  for (const f of summary.totalTop) lines.push(`  ${String(f.percent).padStart(5)}%  ${String(f.totalMs).padStart(7)} ms  ${f.frame}`);
  return lines.join("\n");
}

/**
 * The server's main-thread profile in `dir` (the largest `.cpuprofile`; the other is the module-loader
 * thread) summarised over each window (undefined: the whole run), written to `summary.txt` beside
 * it; returns the texts, or null when the folder holds no profile.
 */
export function summariseProfileDir(dir: string, windows: (SampleWindow | undefined)[], top = 20): string[] | null {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).map((f) => path.join(dir, f));
  if (files.length === 0) return null;
  const main = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
  const profile = readProfile(main);
  const texts = windows.map((window) => profileText(summariseProfile(main, { profile, window, top })));
  fs.writeFileSync(path.join(dir, "summary.txt"), texts.join("\n\n"));
  return texts;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  const [file, results] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node --import tsx bench/lib/profile-summary.ts FILE.cpuprofile [RESULTS.json]");
    process.exit(2);
  }
  const profile = readProfile(file);
  const runs = results
    ? (JSON.parse(fs.readFileSync(results, "utf8")) as { measuredRuns: (SampleWindow & { edgedeck: boolean })[] }).measuredRuns
    : [];
  const windows: (SampleWindow | undefined)[] = runs.filter((r) => r.edgedeck);
  if (windows.length === 0) windows.push(undefined);
  console.log(windows.map((window) => profileText(summariseProfile(file, { profile, window }))).join("\n\n"));
}
