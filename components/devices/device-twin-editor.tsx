"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { queryKeys } from "@/components/live/query-keys";
import { useCan } from "@/components/shell/current-user";
import { api, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

type Twin = { deviceId: string; etag: string; version: number; tags: Record<string, unknown>; properties: { desired: Record<string, unknown>; reported: Record<string, unknown> } };

const strip = (section: Record<string, unknown>) => Object.fromEntries(Object.entries(section).filter(([k]) => !k.startsWith("$")));

/**
 * Device twin: tags and desired editable (operators and admins), reported read-only. The save is a
 * PUT with If-Match, so a concurrent edit is reported instead of overwritten.
 */
export function DeviceTwinEditor({ deviceId }: { deviceId: string }) {
  const canWrite = useCan("twins.write");
  const toast = useToast();
  const client = useQueryClient();
  const path = `/twins/${encodeURIComponent(deviceId)}`;
  const twin = useQuery({ queryKey: queryKeys.twin(deviceId), queryFn: () => api<Twin>(path) });
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editable = twin.data ? JSON.stringify({ tags: twin.data.tags, desired: strip(twin.data.properties.desired) }, null, 2) : "";
  const save = useMutation({
    mutationFn: async () => {
      const parsed = JSON.parse(draft ?? editable) as { tags?: Record<string, unknown>; desired?: Record<string, unknown> };
      return api<Twin>(path, {
        method: "PUT",
        headers: { "if-match": `"${twin.data!.etag}"` },
        body: { tags: parsed.tags ?? {}, properties: { desired: parsed.desired ?? {} } },
      });
    },
    onSuccess: (saved) => {
      client.setQueryData(queryKeys.twin(deviceId), saved);
      setDraft(null);
      setError(null);
      toast("success", `Saved (twin version ${saved.version})`);
    },
    onError: (e: Error) => {
      const message = e instanceof SyntaxError ? `Not valid JSON: ${e.message}` : e instanceof ApiError && e.path ? `${e.path}: ${e.message}` : e.message;
      setError(message);
      toast("error", message);
    },
  });

  if (twin.isPending) return <div className="h-60 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading" />;
  if (twin.isError) return <p role="alert" className="text-red-600">{twin.error.message}</p>;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <div>
        <div className="mb-2 flex items-center justify-between">
          <h2 className="font-semibold">Tags and desired properties</h2>
          {canWrite ? (
            <Button onClick={() => save.mutate()} disabled={save.isPending || draft === null}>
              Save
            </Button>
          ) : (
            <span className="text-xs text-slate-500">Read-only for your role</span>
          )}
        </div>
        <textarea
          aria-label="Tags and desired properties (JSON)"
          readOnly={!canWrite}
          value={draft ?? editable}
          onChange={(e) => setDraft(e.target.value)}
          spellCheck={false}
          className="h-96 w-full rounded-md border border-slate-300 bg-white p-3 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
        />
        {error ? <p role="alert" className="mt-1 text-sm text-red-600">{error}</p> : null}
      </div>
      <div>
        <h2 className="mb-2 font-semibold">Reported properties</h2>
        <pre className="h-96 overflow-auto rounded-md border border-slate-200 bg-slate-100 p-3 text-xs dark:border-slate-800 dark:bg-slate-900">
          {JSON.stringify(strip(twin.data.properties.reported), null, 2)}
        </pre>
      </div>
    </div>
  );
}
