"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { useLiveRoom } from "@/components/live/live-provider";
import { queryKeys } from "@/components/live/query-keys";
import { useCan } from "@/components/shell/current-user";
import { ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { addCondition, decodeViewState, encodeViewState, toggleSort, type FleetViewState } from "@/lib/domain/fleet/view-state";
import { BulkTagDialog } from "./bulk-tag-dialog";
import { ColumnChooser } from "./column-chooser";
import { CreateDeviceDialog, DeleteDeviceDialog } from "./device-dialogs";
import { fetchFleetPage, fetchFleetSummary } from "./fleet-api";
import { FleetTable } from "./fleet-table";
import { QueryBar, type QueryError } from "./query-bar";
import { QuickFilters } from "./quick-filters";
import { SavedViewsMenu } from "./saved-views-menu";
import { TagFacets } from "./tag-facets";

const PAGE_SIZE = 50;

/**
 * The fleet browser. Filter, sort and columns live in the URL (shareable, saved as views); the
 * page cursor stack is local. Every query is keyed under `queryKeys.fleet`, so change events from
 * the live layer refresh the table and the counts.
 */
export function FleetBrowser() {
  const pathname = usePathname();
  const search = useSearchParams();
  const encoded = encodeViewState(decodeViewState(new URLSearchParams(search.toString())));
  const state = useMemo(() => decodeViewState(new URLSearchParams(encoded)), [encoded]);
  // The native history API (which Next's router follows for useSearchParams) instead of
  // router.replace: a filter change then costs no server round trip for the page's RSC payload,
  // only the table's own queries (measured: bench/console-devices.ts).
  const setState = useCallback(
    (next: FleetViewState) => {
      const query = encodeViewState(next);
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [pathname],
  );
  // Joins the fleet room: without a listener there no change event reaches this tab at all.
  useLiveRoom(null);
  const canWriteTwins = useCan("twins.write");
  const canWriteRegistry = useCan("registry.write");
  const [bulkOpen, setBulkOpen] = useState(false);
  // `/devices?create=1` (the command palette's "Create device") opens the dialog straight away.
  const [createOpen, setCreateOpen] = useState(() => search.get("create") === "1" && canWriteRegistry);
  const [deleting, setDeleting] = useState<string | null>(null);

  const filterKey = JSON.stringify(state.filter);
  const summary = useQuery({
    queryKey: queryKeys.fleet("summary", filterKey),
    queryFn: () => fetchFleetSummary(state.filter),
    placeholderData: keepPreviousData,
    retry: retryServerErrors,
  });
  const queryError = errorOf(summary.error);
  const suggestions = (summary.data?.facets ?? []).map((f) => `tags.${f.key}`);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <SavedViewsMenu current={encoded} onOpen={(s) => setState(decodeViewState(new URLSearchParams(s)))} />
        <div className="flex gap-2">
          {canWriteTwins ? (
            <Button type="button" variant="secondary" disabled={!summary.data?.total} onClick={() => setBulkOpen(true)}>
              Patch tags on all {summary.data?.total ?? "…"} matching
            </Button>
          ) : null}
          {canWriteRegistry ? (
            <Button type="button" onClick={() => setCreateOpen(true)}>
              Create device
            </Button>
          ) : null}
        </div>
      </div>
      {state.filter.scope === "modules" ? (
        <p className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400" data-testid="module-scope">
          Devices with a module matching the query (<code>FROM devices.modules</code>)
          <button
            type="button"
            className="rounded px-1 text-sky-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300"
            onClick={() => setState({ ...state, filter: { ...state.filter, scope: undefined, query: undefined } })}
          >
            Clear
          </button>
        </p>
      ) : null}
      <QueryBar value={state.filter.query ?? ""} error={queryError} onApply={(query) => setState({ ...state, filter: { ...state.filter, query: query || undefined } })} />
      <QuickFilters filter={state.filter} onChange={(filter) => setState({ ...state, filter })} />
      <TagFacets summary={summary.isError ? { total: 0, facets: [], facetSample: null } : summary.data} onPick={(path, value) => setState({ ...state, filter: { ...state.filter, query: addCondition(state.filter.query, path, value) } })} />
      <ColumnChooser columns={state.columns} suggestions={suggestions} onChange={(columns) => setState({ ...state, columns })} />
      <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite" data-testid="match-count">
        {summary.data ? `${summary.data.total.toLocaleString()} matching device${summary.data.total === 1 ? "" : "s"}` : summary.isError ? "" : "Counting…"}
      </p>
      {/* Keyed by the view: a new filter or sort starts again at the first page. */}
      <FleetPages
        key={encoded}
        state={state}
        onSort={(key) => setState({ ...state, sort: toggleSort(state.sort, key) })}
        onDelete={canWriteRegistry ? setDeleting : null}
      />
      <BulkTagDialog open={bulkOpen} onClose={() => setBulkOpen(false)} filter={state.filter} total={summary.data?.total} />
      <CreateDeviceDialog open={createOpen} onClose={() => setCreateOpen(false)} />
      <DeleteDeviceDialog deviceId={deleting} onClose={() => setDeleting(null)} />
    </div>
  );
}

function FleetPages({ state, onSort, onDelete }: { state: FleetViewState; onSort: (key: string) => void; onDelete: ((id: string) => void) | null }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1]!;
  const page = useQuery({
    queryKey: queryKeys.fleet("page", JSON.stringify(state), cursor),
    queryFn: () => fetchFleetPage({ ...state, pageSize: PAGE_SIZE, cursor }),
    placeholderData: keepPreviousData,
    retry: retryServerErrors,
  });
  if (page.isPending) return <div className="h-64 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading devices" />;
  if (page.isError) {
    return (
      <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-700 dark:border-red-800 dark:bg-red-950 dark:text-red-300">
        Could not load devices: {page.error.message}
      </p>
    );
  }
  return (
    <div className={`space-y-2 ${page.isPlaceholderData ? "opacity-60" : ""}`}>
      <FleetTable rows={page.data.items} sort={state.sort} columns={state.columns} onSort={onSort} onDelete={onDelete} />
      <nav aria-label="Pages" className="flex items-center gap-2 text-sm">
        <Button type="button" variant="secondary" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous
        </Button>
        <span>Page {cursors.length}</span>
        <Button type="button" variant="secondary" disabled={!page.data.cursor} onClick={() => setCursors((c) => [...c, page.data.cursor])}>
          Next
        </Button>
      </nav>
    </div>
  );
}

/** A 4xx (a typo in the query) will not fix itself: show it at once instead of retrying. */
const retryServerErrors = (failures: number, error: Error) => !(error instanceof ApiError && error.status < 500) && failures < 1;

function errorOf(error: Error | null): QueryError | null {
  if (!error) return null;
  if (error instanceof ApiError && error.path === "query") {
    const position = error.details?.position;
    return { message: error.message, position: typeof position === "number" ? position : null };
  }
  return null;
}
