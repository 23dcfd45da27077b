"use client";

import type { FleetSummary } from "./fleet-api";

/** Top values of the most common tags among the matching devices; a click narrows the query. */
export function TagFacets({ summary, onPick }: { summary: FleetSummary | undefined; onPick: (path: string, value: string | number | boolean) => void }) {
  if (!summary) return <div className="h-16 animate-pulse rounded-md bg-slate-100 dark:bg-slate-800" aria-label="Loading facets" />;
  if (summary.facets.length === 0) return <p className="text-sm text-slate-500">No tags to facet on.</p>;
  return (
    <section aria-label="Tag facets" className="space-y-2">
      {summary.facetSample ? <p className="text-xs text-slate-500">Counts from a sample of {summary.facetSample.toLocaleString()} matching devices.</p> : null}
      {summary.facets.map((facet) => (
        <div key={facet.key} className="flex flex-wrap items-center gap-1.5 text-sm">
          <span className="font-medium text-slate-600 dark:text-slate-400">tags.{facet.key}</span>
          {facet.values.map((v) => (
            <button
              key={JSON.stringify(v.value)}
              type="button"
              onClick={() => onPick(`tags.${facet.key}`, v.value)}
              className="rounded-full border border-slate-300 px-2 py-0.5 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              {String(v.value)} <span className="text-slate-500">({v.count})</span>
            </button>
          ))}
        </div>
      ))}
    </section>
  );
}
