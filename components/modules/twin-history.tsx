"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { JsonDiffView } from "@/components/json-editor";
import { useLiveRoom } from "@/components/live/live-provider";
import { queryKeys } from "@/components/live/query-keys";
import { useCan } from "@/components/shell/current-user";
import { api, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import type { JsonObject } from "@/lib/domain/twins/json";
import { prettyJson, twinApiPath, type Twin, type TwinTarget } from "./twin-types";

type RevisionSection = { section: "tags" | "desired"; sectionVersion: number; patch: JsonObject; snapshot: JsonObject; previous: JsonObject };
type Revision = { version: number; operation: "patch" | "replace"; actor: string; at: string; sections: RevisionSection[] };
type RevisionPage = { items: Revision[]; nextBefore: number | null };

const sectionTitle = { tags: "Tags", desired: "Desired properties" } as const;

function age(at: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(at).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/**
 * Every service write of the twin, newest first (GET …/revisions), each with a diff against the
 * state before it; Revert (twins.write) restores a revision as a new write. Refreshes live: the
 * query key is queryKeys.revisions, which the live layer invalidates on the device's changes.
 */
export function TwinHistory({ target }: { target: TwinTarget }) {
  const canWrite = useCan("twins.write");
  const toast = useToast();
  const client = useQueryClient();
  useLiveRoom(target.deviceId); // new revisions appear live
  const [open, setOpen] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const history = useInfiniteQuery({
    queryKey: queryKeys.revisions(target.deviceId, target.moduleId),
    queryFn: ({ pageParam }) => api<RevisionPage>(`${twinApiPath(target)}/revisions?limit=20${pageParam ? `&before=${pageParam}` : ""}`),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextBefore,
  });
  const revert = useMutation({
    mutationFn: async (version: number) => {
      // Guard with the etag we see now: if the twin moved on meanwhile, the operator should look first.
      const twin = client.getQueryData<Twin>(queryKeys.twin(target.deviceId, target.moduleId));
      return api<Twin>(`${twinApiPath(target)}/revisions/${version}/revert`, {
        method: "POST",
        headers: twin ? { "if-match": `"${twin.etag}"` } : {},
      });
    },
    onSuccess: (twin, version) => {
      client.setQueryData(queryKeys.twin(target.deviceId, target.moduleId), twin);
      void client.invalidateQueries({ queryKey: queryKeys.revisions(target.deviceId, target.moduleId) });
      setConfirming(null);
      toast("success", `Reverted to revision ${version}: saved as revision ${twin.version}`);
    },
    onError: (error: Error) => {
      setConfirming(null);
      toast("error", error instanceof ApiError && error.status === 412 ? "Not reverted: the twin changed meanwhile; look at the history again" : `Not reverted: ${error.message}`);
    },
  });

  if (history.isPending) return <div className="h-60 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading history" />;
  if (history.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load the history: {history.error.message}
      </p>
    );
  }
  const revisions = history.data.pages.flatMap((p) => p.items);
  if (revisions.length === 0) return <p className="text-sm text-slate-500">No changes yet: the twin has not been written since it was created.</p>;
  const expanded = open ?? revisions[0]!.version;
  const newest = revisions[0]!.version;

  return (
    <div className="space-y-2">
      <ol className="space-y-2" aria-label="Revisions">
        {revisions.map((revision) => (
          <li key={revision.version} data-testid={`revision-${revision.version}`} className="rounded-md border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <div className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
              <button
                className="font-semibold underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500"
                aria-expanded={expanded === revision.version}
                onClick={() => setOpen(expanded === revision.version ? -1 : revision.version)}
              >
                Revision {revision.version}
              </button>
              <span>{revision.actor}</span>
              <time dateTime={revision.at} title={new Date(revision.at).toLocaleString()} className="text-slate-500">
                {age(revision.at)}
              </time>
              <span className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">{revision.operation}</span>
              <span className="text-xs text-slate-500">{revision.sections.map((s) => sectionTitle[s.section]).join(" and ")}</span>
              {canWrite && revision.version !== newest ? (
                <span className="ml-auto flex gap-2">
                  {confirming === revision.version ? (
                    <>
                      <Button variant="danger" onClick={() => revert.mutate(revision.version)} disabled={revert.isPending}>
                        Confirm revert to {revision.version}
                      </Button>
                      <Button variant="secondary" onClick={() => setConfirming(null)}>
                        Cancel
                      </Button>
                    </>
                  ) : (
                    <Button variant="secondary" onClick={() => setConfirming(revision.version)}>
                      Revert…
                    </Button>
                  )}
                </span>
              ) : null}
            </div>
            {expanded === revision.version ? (
              <div className="space-y-2 border-t border-slate-200 p-3 dark:border-slate-800">
                {revision.sections.map((s) => (
                  <div key={s.section}>
                    <p className="mb-1 text-xs text-slate-500">
                      {sectionTitle[s.section]}: before (left) and after revision {revision.version} (right)
                    </p>
                    <JsonDiffView
                      id={`revision-${revision.version}-${s.section}`}
                      original={prettyJson(s.previous)}
                      modified={prettyJson(s.snapshot)}
                      ariaLabel={`${sectionTitle[s.section]} changed by revision ${revision.version}`}
                      height="16rem"
                    />
                  </div>
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {history.hasNextPage ? (
        <Button variant="secondary" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
          {history.isFetchingNextPage ? "Loading…" : "Older revisions"}
        </Button>
      ) : null}
    </div>
  );
}
