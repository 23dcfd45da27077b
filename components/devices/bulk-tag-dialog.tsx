"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { queryKeys } from "@/components/live/query-keys";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import type { FleetFilter } from "@/lib/domain/fleet/filter";
import { Dialog } from "./dialog";
import { dryRunTags, fetchJob, startTagJob, type DryRun } from "./fleet-api";

/**
 * Tag patch for every device the filter matches (not just the page): a dry run first, showing the
 * per-device changes, then the job with its progress. The patch is an IoT Hub merge patch (null deletes).
 */
export function BulkTagDialog({ open, onClose, filter, total }: { open: boolean; onClose: () => void; filter: FleetFilter; total: number | undefined }) {
  const toast = useToast();
  const client = useQueryClient();
  const [text, setText] = useState('{\n  "owner": "line-team"\n}');
  const [parseError, setParseError] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState<{ result: DryRun; patch: unknown } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const patchId = useId();

  useEffect(() => {
    if (!open) {
      setDryRun(null);
      setJobId(null);
    }
  }, [open]);

  const parse = () => {
    try {
      const patch = JSON.parse(text);
      setParseError(null);
      return patch as unknown;
    } catch (error) {
      setParseError(`Not valid JSON: ${(error as Error).message}`);
      return undefined;
    }
  };
  const preview = useMutation({
    mutationFn: (patch: unknown) => dryRunTags(filter, patch).then((result) => ({ result, patch })),
    onSuccess: setDryRun,
    onError: (error) => toast("error", `Dry run failed: ${error.message}`),
  });
  const apply = useMutation({
    mutationFn: (patch: unknown) => startTagJob(filter, patch),
    onSuccess: (job) => setJobId(job.id),
    onError: (error) => toast("error", `Could not start the tag patch: ${error.message}`),
  });
  const job = useQuery({
    queryKey: ["bulk-job", jobId],
    queryFn: () => fetchJob(jobId!),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.status === "running" || !q.state.data ? 500 : false),
  });
  const finished = job.data && job.data.status !== "running" ? job.data : null;
  useEffect(() => {
    if (!finished) return;
    if (finished.status === "completed") toast("success", `Tags patched on ${finished.changed} device${finished.changed === 1 ? "" : "s"}`);
    else toast("error", `Tag patch stopped: ${finished.error ?? "unknown error"}`);
    void client.invalidateQueries({ queryKey: queryKeys.fleet() });
  }, [finished, toast, client]);

  return (
    <Dialog title={`Patch tags on ${total ?? "all"} matching devices`} open={open} onClose={onClose}>
      <label htmlFor={patchId} className="block text-sm">
        <span className="mb-1 block font-medium">Tag patch (JSON merge patch; null deletes a key)</span>
        <textarea
          id={patchId}
          rows={5}
          value={text}
          disabled={jobId !== null}
          onChange={(e) => {
            setText(e.target.value);
            setDryRun(null);
          }}
          className="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-sm focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-950"
        />
      </label>
      {parseError ? <p role="alert" className="text-sm text-red-600">{parseError}</p> : null}
      {preview.error ? <p role="alert" className="text-sm text-red-600">{preview.error.message}</p> : null}
      {dryRun ? <DryRunResult result={dryRun.result} /> : null}
      {job.data ? (
        <div className="space-y-1 text-sm" data-testid="bulk-progress">
          <progress className="w-full" max={Math.max(job.data.total, 1)} value={job.data.processed} aria-label="Tag patch progress" />
          <p>
            {job.data.status === "running" ? "Applying…" : job.data.status === "completed" ? "Done." : `Failed: ${job.data.error}`} {job.data.processed} of {job.data.total} processed, {job.data.changed} changed
            {job.data.rejected ? `, ${job.data.rejected} rejected (over the tags limit)` : ""}
          </p>
        </div>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onClose}>
          {finished ? "Close" : "Cancel"}
        </Button>
        {jobId === null ? (
          <>
            <Button type="button" variant="secondary" disabled={preview.isPending} onClick={() => { const p = parse(); if (p !== undefined) preview.mutate(p); }}>
              Dry run
            </Button>
            <Button type="button" disabled={!dryRun || dryRun.result.changed === 0 || apply.isPending} onClick={() => dryRun && apply.mutate(dryRun.patch)}>
              Apply to {dryRun ? dryRun.result.changed : "…"} devices
            </Button>
          </>
        ) : null}
      </div>
    </Dialog>
  );
}

function DryRunResult({ result }: { result: DryRun }) {
  return (
    <div className="space-y-2 text-sm" data-testid="dry-run">
      <p>
        <strong>{result.total}</strong> matching: <strong>{result.changed}</strong> would change, {result.unchanged} already match
        {result.rejected ? `, ${result.rejected} would exceed the 8 KB tags limit and be skipped` : ""}.
      </p>
      {result.sample.length ? (
        <table className="w-full text-left text-xs">
          <caption className="text-left text-slate-500">First {result.sample.length} changes</caption>
          <thead>
            <tr><th scope="col">Device</th><th scope="col">Before</th><th scope="col">After</th></tr>
          </thead>
          <tbody>
            {result.sample.map((c) => (
              <tr key={c.deviceId} className="border-t border-slate-200 align-top dark:border-slate-800">
                <td className="py-1 pr-2">{c.deviceId}</td>
                <td className="pr-2 font-mono text-red-700 dark:text-red-400">{JSON.stringify(c.before)}</td>
                <td className="font-mono text-emerald-700 dark:text-emerald-400">{JSON.stringify(c.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
