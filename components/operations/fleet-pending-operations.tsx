"use client";

import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useLiveRoom } from "@/components/live/live-provider";
import { queryKeys } from "@/components/live/query-keys";
import { useNow } from "@/components/device-page/use-now";
import { api } from "@/components/ui/api-client";
import { COMPACT_ROW, CompactTable } from "@/components/ui/compact-table";
import { formatAge, summarizeFleetRow, type FleetPendingRow } from "@/lib/domain/edge-health";

type Page = { items: FleetPendingRow[]; nextCursor: string | null };
const PAGE_SIZE = 50;

/**
 * The fleet-wide pending list (GET /api/fleet/pending-operations), by device id, a page at a time.
 * Under the fleet key, so the fleet room's events refresh it (throttled by the live layer).
 */
export function FleetPendingOperations() {
  useLiveRoom(null);
  const now = useNow();
  const pages = useInfiniteQuery({
    queryKey: queryKeys.fleet("pending-operations"),
    queryFn: ({ pageParam }) => api<Page>(`/fleet/pending-operations?limit=${PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 30_000,
  });
  if (pages.isPending) return <div className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" role="status" aria-label="Loading pending operations" />;
  if (pages.isError)
    return (
      <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
        {pages.error.message}
      </p>
    );
  const rows = pages.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) return <p className="text-sm text-slate-500" data-testid="fleet-pending-empty">Nothing is pending: every device has what was sent to it.</p>;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <CompactTable caption="Devices with pending operations" columns={["Device", "Connection", "Desired", "Methods", "Deployments", "Oldest queued"]} testId="fleet-pending-operations">
        {rows.map((row) => (
          <tr key={row.deviceId} className={COMPACT_ROW} data-testid="fleet-pending-row" title={summarizeFleetRow(row).summary}>
            <td className="py-1">
              <Link className="font-mono text-xs text-sky-700 underline dark:text-sky-300" href={`/devices/${encodeURIComponent(row.deviceId)}`}>
                {row.deviceId}
              </Link>
            </td>
            <td className="py-1">{row.connectionState}</td>
            <td className="py-1">{row.desired}</td>
            <td className="py-1">{row.methods}</td>
            <td className="py-1">{row.deployments}</td>
            <td className="py-1" title={row.oldestQueuedAt ?? ""}>
              {formatAge(row.oldestQueuedAt, now)}
            </td>
          </tr>
        ))}
      </CompactTable>
      {pages.hasNextPage ? (
        <button type="button" className="mt-3 text-sm underline" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          {pages.isFetchingNextPage ? "Loading…" : "More devices"}
        </button>
      ) : null}
    </div>
  );
}
