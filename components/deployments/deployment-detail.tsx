"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/device-page/confirm-dialog";
import { JsonCodeEditor } from "@/components/json-editor";
import { queryKeys } from "@/components/live/query-keys";
import { useCan } from "@/components/shell/current-user";
import { api, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { exportManifest } from "./deployment-domain";
import { DeploymentCounters } from "./deployment-counters";
import { DeploymentDevicesTable } from "./deployment-devices-table";
import { cardClass, downloadJson, formatDate } from "./deployment-format";
import { DeploymentSettingsForm } from "./deployment-settings-form";
import type { Configuration } from "./deployment-types";
import { useDeploymentLive } from "./use-deployments-live";

/** One deployment: live rollout counts and devices, its settings (editable), content, export, delete. */
export function DeploymentDetail({ id }: { id: string }) {
  useDeploymentLive(id);
  const router = useRouter();
  const toast = useToast();
  const canWrite = useCan("deployments.write");
  const [isEditing, setEditing] = useState(false);
  const [isDeleting, setDeleting] = useState(false);
  const deployment = useQuery({ queryKey: queryKeys.deployment(id), queryFn: () => api<Configuration>(`/configurations/${encodeURIComponent(id)}`) });
  const remove = useMutation({
    mutationFn: (etag: string) => api<void>(`/configurations/${encodeURIComponent(id)}`, { method: "DELETE", headers: { "if-match": etag.startsWith('"') ? etag : `"${etag}"` } }),
    onSuccess: () => {
      toast("success", `Deleted ${id}. Devices keep running their modules until another deployment applies.`);
      router.push("/deployments");
    },
    onError: (e: Error) => {
      setDeleting(false);
      toast("error", e instanceof ApiError && e.status === 412 ? "Not deleted: the deployment changed meanwhile; look again." : `Not deleted: ${e.message}`);
    },
  });

  if (deployment.isPending) return <div className="h-64 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" role="status" aria-label="Loading deployment" />;
  if (deployment.isError) {
    return (
      <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
        {deployment.error instanceof ApiError && deployment.error.status === 404 ? `No deployment ${id}.` : deployment.error.message}
      </p>
    );
  }
  const c = deployment.data;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-2">
        <span className="rounded bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800">{c.layered ? "Layered" : "Base"}</span>
        <span className="text-sm text-slate-500">
          Priority {c.priority} · created {formatDate(c.createdTimeUtc)} · updated {formatDate(c.lastUpdatedTimeUtc)}
        </span>
        <div className="ml-auto flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => downloadJson(`${c.id}.deployment.json`, exportManifest(c.content.modulesContent))}>
            Export manifest
          </Button>
          {canWrite ? (
            <>
              <Link href={`/deployments/new?from=${encodeURIComponent(c.id)}`} className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800">
                Edit a copy
              </Link>
              <Button variant="secondary" onClick={() => setEditing(true)} disabled={isEditing}>
                Edit settings
              </Button>
              <Button variant="danger" onClick={() => setDeleting(true)}>
                Delete…
              </Button>
            </>
          ) : null}
        </div>
      </div>
      <DeploymentCounters configuration={c} />
      {isEditing ? (
        <DeploymentSettingsForm configuration={c} onDone={() => setEditing(false)} />
      ) : (
        <section aria-label="Settings" className={`${cardClass} grid gap-3 text-sm md:grid-cols-2`}>
          <div>
            <h2 className="text-xs uppercase tracking-wide text-slate-500">Target condition</h2>
            <p className="font-mono" data-testid="deployment-target">{c.targetCondition}</p>
          </div>
          <div>
            <h2 className="text-xs uppercase tracking-wide text-slate-500">Labels</h2>
            <p data-testid="deployment-labels">{Object.entries(c.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(", ") || "none"}</p>
          </div>
          <div className="md:col-span-2">
            <h2 className="text-xs uppercase tracking-wide text-slate-500">Custom metrics</h2>
            {Object.keys(c.metrics?.queries ?? {}).length === 0 ? (
              <p>none</p>
            ) : (
              <ul>
                {Object.entries(c.metrics.queries).map(([name, query]) => (
                  <li key={name}>
                    <span className="font-medium">{name}</span>: <span className="tabular-nums" data-testid={`custom-metric-${name}`}>{c.metrics.results?.[name] ?? 0}</span>{" "}
                    <code className="text-xs text-slate-500">{query}</code>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>
      )}
      <DeploymentDevicesTable id={c.id} />
      <section aria-labelledby="deployment-content-heading">
        <h2 id="deployment-content-heading" className="mb-2 font-semibold">
          Content <span className="text-sm font-normal text-slate-500">(immutable after create; use Edit a copy)</span>
        </h2>
        <JsonCodeEditor path={`deployments/${c.id}/content.json`} value={JSON.stringify(c.content, null, 2)} readOnly ariaLabel="Deployment content (JSON, read-only)" />
      </section>
      <ConfirmDialog
        open={isDeleting}
        title={`Delete deployment ${c.id}?`}
        confirmLabel="Delete deployment"
        busy={remove.isPending}
        onConfirm={() => remove.mutate(c.etag)}
        onCancel={() => setDeleting(false)}
      >
        Devices it applies to keep running their current modules; the next matching deployment (if any) takes over.
      </ConfirmDialog>
    </div>
  );
}
