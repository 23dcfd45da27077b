"use client";

import type { FleetFilter } from "@/lib/domain/fleet/filter";

const select =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-900";

/** Connection state, edge runtime health, module failures and edge/non-edge: one click each. */
export function QuickFilters({ filter, onChange }: { filter: FleetFilter; onChange: (next: FleetFilter) => void }) {
  const set = (patch: Partial<FleetFilter>) => {
    const next: FleetFilter = { ...filter, ...patch };
    for (const key of Object.keys(next) as (keyof FleetFilter)[]) if (next[key] === undefined) delete next[key];
    onChange(next);
  };
  return (
    <fieldset className="flex flex-wrap items-center gap-3 text-sm">
      <legend className="sr-only">Quick filters</legend>
      <label className="flex items-center gap-1.5">
        Connection
        <select className={select} value={filter.connection ?? ""} onChange={(e) => set({ connection: (e.target.value || undefined) as FleetFilter["connection"] })}>
          <option value="">Any</option>
          <option value="Connected">Connected</option>
          <option value="Disconnected">Disconnected</option>
        </select>
      </label>
      <label className="flex items-center gap-1.5">
        Edge runtime
        <select className={select} value={filter.health ?? ""} onChange={(e) => set({ health: (e.target.value || undefined) as FleetFilter["health"] })}>
          <option value="">Any</option>
          <option value="healthy">Healthy</option>
          <option value="unhealthy">Unhealthy</option>
          <option value="unknown">Unknown</option>
        </select>
      </label>
      <label className="flex items-center gap-1.5">
        Kind
        <select
          className={select}
          value={filter.edge === undefined ? "" : filter.edge ? "edge" : "plain"}
          onChange={(e) => set({ edge: e.target.value === "" ? undefined : e.target.value === "edge" })}
        >
          <option value="">All devices</option>
          <option value="edge">Edge devices</option>
          <option value="plain">Non-edge devices</option>
        </select>
      </label>
      <label className="flex items-center gap-1.5">
        <input
          type="checkbox"
          className="h-4 w-4 focus-visible:outline-2 focus-visible:outline-sky-500"
          checked={filter.moduleFailures ?? false}
          onChange={(e) => set({ moduleFailures: e.target.checked || undefined })}
        />
        Module failures
      </label>
    </fieldset>
  );
}
