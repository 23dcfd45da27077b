import type { ParsedRoute } from "./deployment-domain";

const ROW = 34;
const WIDTH = 640;
const BOX = 200;

const sourceLabel = (r: ParsedRoute) =>
  r.sourceModule ? `${r.sourceModule}${r.sourceOutput ? ` / ${r.sourceOutput}` : " / *"}` : r.source === "/messages/*" ? "all messages" : r.source;
const sinkLabel = (r: ParsedRoute) => (r.sink.kind === "upstream" ? "$upstream" : `${r.sink.module} / ${r.sink.input}`);
/** Node text that fits its box; the full name is the node's tooltip and in the figure's label. */
const fit = (label: string) => (label.length > 30 ? `${label.slice(0, 14)}…${label.slice(-15)}` : label);

/**
 * Sources (module outputs) on the left, sinks (module inputs, $upstream) on the right, one arrow per
 * valid route, named. Modules that no route touches are listed underneath, so a forgotten wire shows.
 */
export function RouteGraph({ routes, moduleNames }: { routes: { name: string; parsed: ParsedRoute }[]; moduleNames: string[] }) {
  const sources = [...new Set(routes.map((r) => sourceLabel(r.parsed)))];
  const sinks = [...new Set(routes.map((r) => sinkLabel(r.parsed)))];
  const height = Math.max(sources.length, sinks.length, 1) * ROW + 16;
  const y = (i: number) => 8 + i * ROW + ROW / 2;
  const touched = new Set(routes.flatMap((r) => [r.parsed.sourceModule, r.parsed.sink.kind === "module" ? r.parsed.sink.module : null]));
  const untouched = moduleNames.filter((m) => !touched.has(m));
  const wildcard = routes.some((r) => !r.parsed.sourceModule);
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} className="w-full max-w-3xl" role="img" aria-label={`Route graph: ${routes.map((r) => `${r.name} from ${sourceLabel(r.parsed)} to ${sinkLabel(r.parsed)}`).join("; ") || "no routes"}`}>
        <defs>
          <marker id="route-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="fill-slate-500" />
          </marker>
        </defs>
        {routes.map((r) => {
          const from = y(sources.indexOf(sourceLabel(r.parsed)));
          const to = y(sinks.indexOf(sinkLabel(r.parsed)));
          return (
            <g key={r.name}>
              <path d={`M ${BOX} ${from} C ${WIDTH / 2} ${from}, ${WIDTH / 2} ${to}, ${WIDTH - BOX} ${to}`} className="fill-none stroke-slate-400 dark:stroke-slate-500" strokeWidth={1.5} markerEnd="url(#route-arrow)" />
              <text x={WIDTH / 2} y={(from + to) / 2 - 4} textAnchor="middle" className="fill-slate-500 text-[10px]">
                {r.name}
                {r.parsed.condition ? " (WHERE …)" : ""}
              </text>
            </g>
          );
        })}
        {sources.map((s, i) => (
          <g key={`s-${s}`}>
            <rect x={0} y={y(i) - 12} width={BOX} height={24} rx={4} className="fill-sky-50 stroke-sky-400 dark:fill-sky-950 dark:stroke-sky-700" />
            <title>{s}</title>
            <text x={8} y={y(i) + 4} className="fill-slate-800 text-[11px] dark:fill-slate-100">{fit(s)}</text>
          </g>
        ))}
        {sinks.map((s, i) => (
          <g key={`t-${s}`}>
            <rect x={WIDTH - BOX} y={y(i) - 12} width={BOX} height={24} rx={4} className={s === "$upstream" ? "fill-emerald-50 stroke-emerald-500 dark:fill-emerald-950 dark:stroke-emerald-700" : "fill-amber-50 stroke-amber-400 dark:fill-amber-950 dark:stroke-amber-700"} />
            <title>{s}</title>
            <text x={WIDTH - BOX + 8} y={y(i) + 4} className="fill-slate-800 text-[11px] dark:fill-slate-100">{fit(s)}</text>
          </g>
        ))}
      </svg>
      {untouched.length && !wildcard ? <figcaption className="text-xs text-amber-700 dark:text-amber-400">Not routed: {untouched.join(", ")}</figcaption> : null}
    </figure>
  );
}
