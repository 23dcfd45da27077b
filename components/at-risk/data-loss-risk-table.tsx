"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useNow } from "@/components/device-page/use-now";
import { useLiveRoom } from "@/components/live/live-provider";
import { queryKeys } from "@/components/live/query-keys";
import { FreshnessNote, TrustedBadge } from "@/components/status/freshness-badge";
import { PresenceLabel } from "@/components/status/presence-label";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { formatBytes, formatDuration, type DataLossRiskItem, type DataLossRiskPage } from "@/lib/domain/edge-health";

const PAGE = 50;
const cell = "px-3 py-1.5 align-top";
const secs = (s: number | null) => (s === null ? "—" : formatDuration(Math.abs(s) * 1000).replace("just now", `${Math.abs(s)} s`));
const ttlText = (s: number | null) => (s === null ? "not reported" : s < 0 ? "never" : secs(s));

function Expiry({ item }: { item: DataLossRiskItem }) {
  if (item.secondsUntilFirstExpiry === null) return <span className="text-slate-500">never</span>;
  if (item.secondsUntilFirstExpiry <= 0) return <span className="font-medium text-red-700 dark:text-red-300">due now</span>;
  return <span className={item.secondsUntilFirstExpiry < 600 ? "font-medium text-amber-700 dark:text-amber-300" : ""}>in {secs(item.secondsUntilFirstExpiry)}</span>;
}

/**
 * The fleet's store-and-forward risk list, one page at a time. The live layer refreshes it with the
 * other fleet views; ages and expiry are as of the last `$edgeHub` report, aged to now by the server.
 */
export function DataLossRiskTable() {
  useLiveRoom(null);
  const now = useNow();
  const [offset, setOffset] = useState(0);
  const risk = useQuery({
    queryKey: queryKeys.fleet("data-loss-risk", offset),
    queryFn: () => api<DataLossRiskPage>(`/fleet/data-loss-risk?limit=${PAGE}&offset=${offset}`),
  });
  if (risk.isPending) return <div className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" role="status" aria-label="Loading devices at risk" />;
  if (risk.isError) {
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
        The list could not be loaded: {risk.error.message}{" "}
        <button className="underline" onClick={() => void risk.refetch()}>Try again</button>
      </div>
    );
  }
  const { items, total, nextOffset } = risk.data;
  return (
    <div className="grid gap-3">
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="at-risk-total">
        {total === 0 ? "No edge device holds stored messages." : `${total} edge device${total === 1 ? "" : "s"} holding stored messages`}
      </p>
      {items.length ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="w-full min-w-[1000px] text-left text-sm" data-testid="at-risk-table">
            <thead className="bg-slate-50 text-xs uppercase text-slate-500 dark:bg-slate-900">
              <tr>
                {["Device", "Connection", "Queued", "Oldest / TTL", "First expiry", "Dropped (TTL)", "Refused (space)", "Storage", "Status age"].map((h) => (
                  <th key={h} scope="col" className={`${cell} font-medium`}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const online = item.connectionState === "Connected";
                return (
                  <tr key={item.deviceId} className="border-t border-slate-200 dark:border-slate-800" data-testid="at-risk-row" data-device-id={item.deviceId}>
                    <th scope="row" className={`${cell} font-medium`}>
                      <Link className="text-sky-700 underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-400" href={`/devices/${encodeURIComponent(item.deviceId)}`}>
                        {item.deviceId}
                      </Link>
                      <div>
                        <TrustedBadge tone={item.riskTier === 0 ? "error" : "warn"} at={item.reportedAt} source="edgeHub" isReporterOnline={online} now={now}>
                          {item.refusedForSpace > 0 ? "refusing" : item.droppedByTtl > 0 ? "dropping" : "at risk"}
                        </TrustedBadge>
                      </div>
                    </th>
                    <td className={`${cell} text-xs`}>
                      <PresenceLabel state={item.connectionState} since={item.connectionStateUpdatedTime} source="$edgeAgent" now={now} compact />
                    </td>
                    <td className={cell}>{item.queueLength}</td>
                    <td className={cell}>
                      {secs(item.oldestAgeSecs)} / {ttlText(item.timeToLiveSecs)}
                    </td>
                    <td className={cell} data-testid="at-risk-expiry"><Expiry item={item} /></td>
                    <td className={cell}>{item.droppedByTtl}</td>
                    <td className={cell}>{item.refusedForSpace}</td>
                    <td className={cell}>
                      {formatBytes(item.storageBytes)}
                      {item.maxSizeBytes !== null ? ` of ${formatBytes(item.maxSizeBytes)}` : " (no cap)"}
                      {item.usedPercent !== null ? <span className={`block text-xs ${item.usedPercent >= 90 ? "text-red-700 dark:text-red-300" : "text-slate-500"}`}>{item.usedPercent}% used</span> : null}
                    </td>
                    <td className={cell}>
                      <FreshnessNote at={item.reportedAt} source="edgeHub" isReporterOnline={online} now={now} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {offset > 0 || nextOffset !== null ? (
        <div className="flex items-center gap-2 text-sm">
          <Button variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</Button>
          <span className="text-slate-500">{offset + 1}–{offset + items.length} of {total}</span>
          <Button variant="secondary" disabled={nextOffset === null} onClick={() => nextOffset !== null && setOffset(nextOffset)}>Next</Button>
        </div>
      ) : null}
    </div>
  );
}
