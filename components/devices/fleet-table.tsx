"use client";

import Link from "next/link";
import type { FleetRow, FleetSort } from "@/lib/domain/fleet/page";
import { useNow } from "@/components/device-page/use-now";
import { FreshnessNote, TrustedBadge } from "@/components/status/freshness-badge";
import { PresenceLabel } from "@/components/status/presence-label";
import { ageOf } from "./fleet-api";

type Column = { label: string; sortKey?: string };
const BUILT_IN: Column[] = [
  { label: "Device", sortKey: "deviceId" },
  { label: "Edge", sortKey: "edge" },
  { label: "Status", sortKey: "status" },
  { label: "Connection", sortKey: "connectionState" },
  { label: "Last activity", sortKey: "lastActivityTime" },
  { label: "Edge runtime" },
  { label: "Tags" },
];

/** The page of devices. Headers sort (server-side, keyset); twin columns follow the built-in ones. */
export function FleetTable({
  rows,
  sort,
  columns,
  onSort,
  onDelete,
}: {
  rows: FleetRow[];
  sort: FleetSort;
  columns: string[];
  onSort: (key: string) => void;
  onDelete: ((deviceId: string) => void) | null;
}) {
  const all: Column[] = [...BUILT_IN, ...columns.map((c) => ({ label: c, sortKey: c }))];
  const now = useNow();
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-xs uppercase text-slate-500 dark:bg-slate-900">
          <tr>
            {all.map((col) => {
              const active = col.sortKey !== undefined && sort.key === col.sortKey;
              return (
                <th key={col.label} scope="col" className="px-3 py-2 font-medium" aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}>
                  {col.sortKey ? (
                    <button type="button" onClick={() => onSort(col.sortKey!)} className="inline-flex items-center gap-1 uppercase focus-visible:outline-2 focus-visible:outline-sky-500">
                      {col.label}
                      <span aria-hidden>{active ? (sort.dir === "asc" ? "▲" : "▼") : ""}</span>
                    </button>
                  ) : (
                    col.label
                  )}
                </th>
              );
            })}
            {onDelete ? <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={all.length + 1} className="px-3 py-6 text-center text-slate-500">
                No device matches.
              </td>
            </tr>
          ) : null}
          {rows.map((d) => (
            <tr key={d.deviceId} className="border-t border-slate-200 dark:border-slate-800" data-testid="device-row">
              <td className="px-3 py-1.5">
                <Link className="text-sky-700 underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-400" href={`/devices/${encodeURIComponent(d.deviceId)}`}>
                  {d.deviceId}
                </Link>
              </td>
              <td className="px-3">{d.edge ? "edge" : "—"}</td>
              <td className="px-3">{d.status}</td>
              <td className="px-3" data-testid="device-presence">
                <span className={d.connectionState === "Connected" ? "text-emerald-700 dark:text-emerald-400" : "text-slate-500"}>{d.connectionState}</span>
                <span className="block text-xs">
                  <PresenceLabel state={d.connectionState} since={d.connectionStateUpdatedTime} source={d.connectionSource} now={now} compact />
                </span>
              </td>
              <td className="px-3 text-slate-600 dark:text-slate-400">{ageOf(d.lastActivityTime)}</td>
              <td className="px-3">
                <EdgeHealth health={d.edgeHealth} isOnline={d.connectionState === "Connected"} now={now} />
              </td>
              <td className="max-w-xs px-3">
                <TagList tags={d.tags} />
              </td>
              {columns.map((c) => (
                <td key={c} className="px-3 font-mono text-xs">
                  {c in d.values ? formatValue(d.values[c]) : <span className="text-slate-400">—</span>}
                </td>
              ))}
              {onDelete ? (
                <td className="px-3 text-right">
                  <button type="button" onClick={() => onDelete(d.deviceId)} aria-label={`Delete ${d.deviceId}`} className="text-xs text-red-600 underline focus-visible:outline-2 focus-visible:outline-sky-500">
                    Delete
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Edge runtime health as `$edgeAgent` last reported it: never green when that report is stale. */
function EdgeHealth({ health, isOnline, now }: { health: FleetRow["edgeHealth"]; isOnline: boolean; now: Date }) {
  if (!health) return <span className="text-slate-400">—</span>;
  const tone = ({ healthy: "ok", unhealthy: "error", unknown: "unknown" } as const)[health.state];
  return (
    <span data-testid="edge-health">
      <TrustedBadge tone={tone} at={health.reportedAt} source="edgeAgent" isReporterOnline={isOnline} now={now}>
        {health.state}
        {health.code !== null ? ` (${health.code})` : ""}
      </TrustedBadge>
      {health.failingModules.length ? <span className="block text-xs text-red-600 dark:text-red-400">failing: {health.failingModules.join(", ")}</span> : null}
      {health.reportedAt ? (
        <span className="block">
          <FreshnessNote at={health.reportedAt} source="edgeAgent" isReporterOnline={isOnline} now={now} />
        </span>
      ) : null}
    </span>
  );
}

function TagList({ tags }: { tags: Record<string, unknown> }) {
  const entries = Object.entries(tags);
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {entries.slice(0, 4).map(([k, v]) => (
        <span key={k} className="rounded bg-slate-100 px-1.5 font-mono text-xs dark:bg-slate-800">
          {k}={formatValue(v)}
        </span>
      ))}
      {entries.length > 4 ? <span className="text-xs text-slate-500">+{entries.length - 4}</span> : null}
    </span>
  );
}

const formatValue = (v: unknown) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));
