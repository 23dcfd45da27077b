"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { JsonCodeEditor, JsonDiffView } from "@/components/json-editor";
import { useLiveRoom } from "@/components/live/live-provider";
import { queryKeys } from "@/components/live/query-keys";
import { useCan } from "@/components/shell/current-user";
import { api, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { checkTwinDraft } from "@/lib/domain/twins/check-draft";
import type { JsonObject } from "@/lib/domain/twins/json";
import { rebaseDraft } from "@/lib/domain/twins/rebase-draft";
import { TwinConflictView } from "./twin-conflict-view";
import { editableSection, prettyJson, twinApiPath, type Twin, type TwinTarget } from "./twin-types";

/** What a draft was started from: the twin's etag and desired section at that moment. */
type Base = { etag: string; version: number; desired: JsonObject };
type Draft = { base: Base; text: string };
type Stage = { kind: "edit" } | { kind: "review" } | { kind: "conflict"; current: Twin };

const baseOf = (twin: Twin): Base => ({ etag: twin.etag, version: twin.version, desired: editableSection(twin.properties.desired) });

/**
 * Desired properties in Monaco (editable with twins.write), reported beside them read-only. The draft
 * is checked as the hub will check it (JSON, key rules, depth, value sizes, the 32 KB budget) while
 * typing; Save shows the diff against the version the draft started from and sends that version's
 * etag, so a concurrent write is never overwritten: on 412 the three versions are shown and the
 * draft can be rebased onto the current twin. Works for module and device twins alike.
 */
export function TwinDesiredEditor({ target }: { target: TwinTarget }) {
  const canWrite = useCan("twins.write");
  const toast = useToast();
  const client = useQueryClient();
  const key = queryKeys.twin(target.deviceId, target.moduleId);
  const twin = useQuery({ queryKey: key, queryFn: () => api<Twin>(twinApiPath(target)) });
  // Joining the device's room is what makes the live layer refetch the twin on its changes; a
  // changed etag under an open draft is what raises the banner below.
  useLiveRoom(target.deviceId);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: "edit" });

  const loaded = twin.data ? baseOf(twin.data) : null;
  // Without a draft the editor follows the twin live; with one, the draft stays on its base.
  const base = draft?.base ?? loaded;
  const text = draft?.text ?? (loaded ? prettyJson(loaded.desired) : "");
  const check = useMemo(() => checkTwinDraft("desired", text), [text]);
  const isDirty = draft !== null && check.value !== null && prettyJson(check.value) !== prettyJson(draft.base.desired);
  const isStale = draft !== null && twin.data !== undefined && twin.data.etag !== draft.base.etag;

  const save = useMutation({
    mutationFn: (desired: JsonObject) =>
      api<Twin>(twinApiPath(target), { method: "PUT", headers: { "if-match": `"${base!.etag}"` }, body: { properties: { desired } } }),
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      void client.invalidateQueries({ queryKey: queryKeys.revisions(target.deviceId, target.moduleId) });
      setDraft(null);
      setStage({ kind: "edit" });
      toast("success", `Saved desired properties (twin version ${saved.version})`);
    },
    onError: async (error: Error) => {
      if (error instanceof ApiError && error.status === 412) {
        toast("error", "Not saved: the twin changed since you loaded it. Compare and rebase your draft.");
        const current = await client.fetchQuery({ queryKey: key, queryFn: () => api<Twin>(twinApiPath(target)), staleTime: 0 });
        setStage({ kind: "conflict", current });
        return;
      }
      setStage({ kind: "edit" });
      toast("error", error instanceof ApiError && error.path ? `Not saved: ${error.path}: ${error.message}` : `Not saved: ${error.message}`);
    },
  });

  function rebaseOnto(current: Twin) {
    if (!draft || !check.value) return;
    const onto = baseOf(current);
    const result = rebaseDraft(draft.base.desired, check.value, onto.desired);
    setDraft({ base: onto, text: prettyJson(result.document) });
    setStage({ kind: "edit" });
    toast(
      "success",
      result.conflicts.length
        ? `Draft rebased onto twin version ${onto.version}; your values won at ${result.conflicts.join(", ")}`
        : `Draft rebased onto twin version ${onto.version}`,
    );
  }

  if (twin.isPending) return <div className="h-96 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading twin" />;
  if (twin.isError) {
    return (
      <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-700 dark:border-red-800 dark:bg-red-950 dark:text-red-300">
        Could not load the twin: {twin.error.message}
      </p>
    );
  }

  if (stage.kind === "conflict" && draft && check.value) {
    return (
      <TwinConflictView
        base={draft.base.desired}
        current={editableSection(stage.current.properties.desired)}
        draft={check.value}
        currentVersion={stage.current.version}
        baseVersion={draft.base.version}
        onRebase={() => rebaseOnto(stage.current)}
        onDiscard={() => {
          setDraft(null);
          setStage({ kind: "edit" });
          toast("success", "Draft discarded; showing the current twin");
        }}
      />
    );
  }

  const problem = check.problems[0];
  const overBudget = check.size !== null && check.size > check.limit;
  return (
    <div className="space-y-3">
      {isStale ? (
        <div role="status" data-testid="twin-changed-banner" className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200">
          <span>
            This twin changed while you were editing (version {draft!.base.version} → {twin.data.version}). Saving now would be refused.
          </span>
          <Button variant="secondary" onClick={() => rebaseOnto(twin.data)}>
            Rebase my draft onto current
          </Button>
        </div>
      ) : null}
      {stage.kind === "review" && check.value ? (
        <section aria-label="Review changes" className="space-y-2 rounded-md border border-sky-300 p-3 dark:border-sky-800">
          <h3 className="font-semibold">Review changes to desired properties</h3>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Left: twin version {base!.version} as loaded. Right: what will be stored. Saved only if the twin is still at version {base!.version}.
          </p>
          <JsonDiffView id="save-review" original={prettyJson(base!.desired)} modified={prettyJson(check.value)} ariaLabel="Changes that will be saved" />
          <div className="flex gap-2">
            <Button onClick={() => save.mutate(check.value!)} disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Confirm save"}
            </Button>
            <Button variant="secondary" onClick={() => setStage({ kind: "edit" })} disabled={save.isPending}>
              Back to editing
            </Button>
          </div>
        </section>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-label="Desired properties editor" className="min-w-0">
          <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
            <h3 className="font-semibold">
              Desired properties <span className="text-sm font-normal text-slate-500">$version {twin.data.properties.desired.$version as number}</span>
            </h3>
            {canWrite ? (
              <div className="flex items-center gap-2">
                {draft ? (
                  <Button variant="secondary" onClick={() => setDraft(null)}>
                    Discard draft
                  </Button>
                ) : null}
                <Button onClick={() => setStage({ kind: "review" })} disabled={!isDirty || check.problems.length > 0 || stage.kind === "review"}>
                  Save…
                </Button>
              </div>
            ) : (
              <span className="text-xs text-slate-500">Read-only for your role</span>
            )}
          </div>
          <JsonCodeEditor
            path={`${target.deviceId}/${target.moduleId ?? ""}/desired.json`}
            value={text}
            readOnly={!canWrite || stage.kind === "review"}
            onChange={(next) => setDraft((d) => ({ base: d?.base ?? loaded!, text: next }))}
            markers={problem ? [problem] : []}
            ariaLabel="Desired properties (JSON)"
          />
          <div className="mt-1 flex flex-wrap items-start justify-between gap-2 text-xs">
            <p role={problem ? "alert" : undefined} data-testid="desired-problem" className={problem ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}>
              {problem ? problem.message : "Valid: follows the twin rules"}
            </p>
            <p data-testid="desired-bytes" aria-label="Desired section size" className={overBudget ? "font-semibold text-red-600" : "text-slate-500"}>
              {check.size === null ? "–" : check.size.toLocaleString("en-US")} / {check.limit.toLocaleString("en-US")} bytes
            </p>
          </div>
        </section>
        <div className="min-w-0">
          <h3 className="mb-2 font-semibold">
            Reported properties <span className="text-sm font-normal text-slate-500">$version {twin.data.properties.reported.$version as number}</span>
          </h3>
          <JsonCodeEditor
            path={`${target.deviceId}/${target.moduleId ?? ""}/reported.json`}
            value={prettyJson(editableSection(twin.data.properties.reported))}
            readOnly
            ariaLabel="Reported properties (JSON, read-only)"
          />
          <p className="mt-1 text-xs text-slate-500">Written by the device or module; updates live.</p>
        </div>
      </div>
    </div>
  );
}
