"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { queryKeys } from "@/components/live/query-keys";
import { useCan } from "@/components/shell/current-user";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { cardClass, formatDate, metric } from "./deployment-format";
import type { Configuration } from "./deployment-types";
import { ManifestImportDialog } from "./manifest-import-dialog";
import { useDeploymentsLive } from "./use-deployments-live";

const cell = "px-2 py-1.5 align-top";

/** Every deployment, newest first, with its rollout counts; follows `deployment.*` events live. */
export function DeploymentList() {
  useDeploymentsLive();
  const canWrite = useCan("deployments.write");
  const [isImporting, setImporting] = useState(false);
  const list = useQuery({ queryKey: queryKeys.deployments(), queryFn: () => api<Configuration[]>("/configurations") });

  return (
    <div className="space-y-4">
      {canWrite ? (
        <div className="flex gap-2">
          <Link href="/deployments/new" className="inline-flex items-center rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500">
            New deployment
          </Link>
          <Button variant="secondary" onClick={() => setImporting(true)}>
            Import manifest
          </Button>
        </div>
      ) : null}
      <ManifestImportDialog open={isImporting} onClose={() => setImporting(false)} />
      {list.isPending ? (
        <div className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading deployments" role="status" />
      ) : list.isError ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          Could not load the deployments: {list.error.message}
        </p>
      ) : list.data.length === 0 ? (
        <p className={`${cardClass} text-sm text-slate-500`}>No deployments yet. Compose one from registry images, or import a deployment manifest.</p>
      ) : (
        <div className={`${cardClass} overflow-x-auto p-0`}>
          <table className="w-full min-w-[960px] text-left text-sm" aria-label="Deployments">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-700">
              <tr>
                <th scope="col" className={cell}>Deployment</th>
                <th scope="col" className={cell}>Priority</th>
                <th scope="col" className={cell}>Kind</th>
                <th scope="col" className={cell}>Target condition</th>
                <th scope="col" className={cell}>Labels</th>
                <th scope="col" className={`${cell} text-right`}>Targeted</th>
                <th scope="col" className={`${cell} text-right`}>Applied</th>
                <th scope="col" className={`${cell} text-right`}>Success</th>
                <th scope="col" className={`${cell} text-right`}>Failure</th>
                <th scope="col" className={cell}>Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id} data-testid={`deployment-row-${c.id}`} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <td className={cell}>
                    <Link href={`/deployments/${encodeURIComponent(c.id)}`} className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">
                      {c.id}
                    </Link>
                  </td>
                  <td className={cell}>{c.priority}</td>
                  <td className={cell}>{c.layered ? "Layered" : "Base"}</td>
                  <td className={`${cell} max-w-xs break-words font-mono text-xs`}>{c.targetCondition}</td>
                  <td className={cell}>
                    <div className="flex flex-wrap gap-1">
                      {Object.entries(c.labels ?? {}).map(([k, v]) => (
                        <span key={k} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">
                          {k}={v}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td className={`${cell} text-right tabular-nums`} data-testid="count-targeted">{metric(c, "targetedCount")}</td>
                  <td className={`${cell} text-right tabular-nums`} data-testid="count-applied">{metric(c, "appliedCount")}</td>
                  <td className={`${cell} text-right tabular-nums text-emerald-700 dark:text-emerald-400`} data-testid="count-success">{metric(c, "reportedSuccessfulCount")}</td>
                  <td className={`${cell} text-right tabular-nums text-red-700 dark:text-red-400`} data-testid="count-failure">{metric(c, "reportedFailedCount")}</td>
                  <td className={`${cell} whitespace-nowrap text-xs text-slate-500`}>{formatDate(c.createdTimeUtc)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
