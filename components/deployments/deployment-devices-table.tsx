"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useNow } from "@/components/device-page/use-now";
import { queryKeys } from "@/components/live/query-keys";
import { api } from "@/components/ui/api-client";
import { formatAge } from "@/lib/domain/edge-health";
import { cardClass, inputClass } from "./deployment-format";
import type { DeploymentDevice, RolloutFailure } from "./deployment-types";

const FILTERS = ["all", "applied", "targeted", "success", "failure", "pending"] as const;
const FAILURE_LABELS: Record<string, string> = {
  "image-not-found": "Image not found",
  "crash-loop": "Crash loop",
  "rejected-desired": "Desired properties rejected",
  failed: "Failed",
};
const ROLLOUT_TONE = {
  success: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-200",
  failure: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-200",
  pending: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  "not-applied": "bg-slate-50 text-slate-500 dark:bg-slate-900 dark:text-slate-400",
};
const cell = "px-2 py-1.5 align-top";

/** One named failure; without its own start time (image not found) its age is that of the report saying so. */
function Failure({ failure, reportedAt, now }: { failure: RolloutFailure; reportedAt: string | null; now: Date }) {
  return (
    <li data-testid={`failure-${failure.kind}`}>
      <span className="font-medium">{FAILURE_LABELS[failure.kind] ?? failure.kind}</span>
      {failure.module ? <span className="text-slate-500"> · {failure.module}</span> : null}
      {failure.since ? (
        <span className="text-slate-500" data-testid="failure-age"> · since {formatAge(failure.since, now)}</span>
      ) : reportedAt ? (
        <span className="text-slate-500" data-testid="failure-age"> · reported {formatAge(reportedAt, now)}</span>
      ) : null}
      <div className="text-xs text-slate-600 dark:text-slate-400">{failure.message}</div>
    </li>
  );
}

/** The devices a deployment targets, with their rollout state and named failures (GET …/devices). */
export function DeploymentDevicesTable({ id }: { id: string }) {
  const now = useNow();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>("all");
  const devices = useQuery({
    queryKey: queryKeys.deploymentDevices(id, filter),
    queryFn: () => api<{ items: DeploymentDevice[]; truncated?: boolean }>(`/configurations/${encodeURIComponent(id)}/devices${filter === "all" ? "" : `?status=${filter}`}`),
    // Deployment events refetch it when counts move; a failure's message can change without that.
    refetchInterval: 15_000,
  });
  return (
    <section aria-labelledby="deployment-devices-heading" className={cardClass}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="deployment-devices-heading" className="font-semibold">
          Devices
        </h2>
        <label className="flex items-center gap-2 text-sm">
          Show
          <select value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)} className={`${inputClass} w-auto`} aria-label="Filter devices by state">
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      </div>
      {devices.isPending ? (
        <div className="h-24 animate-pulse rounded bg-slate-200 dark:bg-slate-800" role="status" aria-label="Loading devices" />
      ) : devices.isError ? (
        <p role="alert" className="text-sm text-red-600">
          Could not load the devices: {devices.error.message}
        </p>
      ) : devices.data.items.length === 0 ? (
        <p className="text-sm text-slate-500">No devices {filter === "all" ? "match the target condition" : `in state “${filter}”`}.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[720px] text-left text-sm" aria-labelledby="deployment-devices-heading">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-700">
              <tr>
                <th scope="col" className={cell}>Device</th>
                <th scope="col" className={cell}>Status</th>
                <th scope="col" className={cell}>Rollout</th>
                <th scope="col" className={cell}>Problems</th>
                <th scope="col" className={cell}>Last report</th>
              </tr>
            </thead>
            <tbody>
              {devices.data.items.map((d) => (
                <tr key={d.deviceId} data-testid={`deployment-device-${d.deviceId}`} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <td className={cell}>
                    <Link href={`/devices/${encodeURIComponent(d.deviceId)}`} className="text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">
                      {d.deviceId}
                    </Link>
                  </td>
                  <td className={cell} title={d.status === "Targeted" ? "Matches, but a higher-priority base deployment wins" : "Merged into what the device runs"}>
                    {d.status}
                    <div className="text-xs text-slate-500">since {formatAge(d.since, now)}</div>
                  </td>
                  <td className={cell}>
                    <span data-testid="device-rollout" className={`rounded px-1.5 py-0.5 text-xs ${ROLLOUT_TONE[d.rollout]}`}>
                      {d.rollout === "not-applied" ? "not applied" : d.rollout}
                    </span>
                  </td>
                  <td className={cell}>
                    {d.failures.length ? (
                      <ul className="space-y-1">
                        {d.failures.map((f, i) => (
                          <Failure key={`${f.module}-${i}`} failure={f} reportedAt={d.reportedAt} now={now} />
                        ))}
                      </ul>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                  <td className={`${cell} whitespace-nowrap text-xs text-slate-500`}>{d.reportedAt ? formatAge(d.reportedAt, now) : "never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {devices.data.truncated ? <p className="mt-2 text-xs text-slate-500">Showing the first {devices.data.items.length} devices.</p> : null}
        </div>
      )}
    </section>
  );
}
