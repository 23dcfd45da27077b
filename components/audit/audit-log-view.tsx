"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { AuditDiff } from "./audit-diff";

type AuditEntry = {
  id: number;
  at: string;
  actor: string;
  clientAddress: string | null;
  action: string;
  targetKind: string;
  targetId: string;
  before: unknown;
  after: unknown;
  revisionId: number | null;
  outcome: string;
};

const FILTERS = ["actor", "targetKind", "targetId", "action", "from", "to"] as const;

/** The audit trail with its filters in the URL (shareable), newest first, "load older" paging. */
export function AuditLogView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [open, setOpen] = useState<number | null>(null);
  const filter = Object.fromEntries(FILTERS.flatMap((f) => (params.get(f) ? [[f, params.get(f)!]] : [])));
  const query = useInfiniteQuery({
    queryKey: ["audit", filter],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) =>
      api<{ entries: AuditEntry[]; nextBefore: number | null }>(
        `/audit?${new URLSearchParams({ ...filter, limit: "50", ...(pageParam ? { before: String(pageParam) } : {}) })}`,
      ),
    getNextPageParam: (last) => last.nextBefore,
  });

  function applyFilters(form: FormData) {
    const next = new URLSearchParams();
    for (const f of FILTERS) {
      const value = String(form.get(f) ?? "").trim();
      if (value) next.set(f, f === "from" || f === "to" ? new Date(value).toISOString() : value);
    }
    router.replace(`${pathname}?${next}`);
  }

  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <div className="space-y-4">
      <form action={applyFilters} className="grid grid-cols-2 gap-3 md:grid-cols-7" aria-label="Audit filters">
        {(["actor", "targetId", "action"] as const).map((f) => (
          <label key={f} className="text-xs">
            <span className="block text-slate-500">{f}</span>
            <input name={f} defaultValue={params.get(f) ?? ""} className="w-full rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900" />
          </label>
        ))}
        <label className="text-xs">
          <span className="block text-slate-500">target kind</span>
          <select name="targetKind" defaultValue={params.get("targetKind") ?? ""} className="w-full rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900">
            <option value="">any</option>
            {["device", "module", "twin", "policy", "user", "session"].map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        {(["from", "to"] as const).map((f) => (
          <label key={f} className="text-xs">
            <span className="block text-slate-500">{f}</span>
            <input type="datetime-local" name={f} className="w-full rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900" />
          </label>
        ))}
        <div className="flex items-end">
          <Button type="submit">Filter</Button>
        </div>
      </form>
      {query.isPending ? <div className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading" /> : null}
      {query.isError ? <p role="alert" className="text-red-600">{(query.error as Error).message}</p> : null}
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2">Time</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Target</th>
            <th>From</th>
            <th>Outcome</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <>
              <tr key={e.id} className="border-t border-slate-200 dark:border-slate-800" data-testid="audit-row">
                <td className="py-1.5 tabular-nums">{new Date(e.at).toLocaleString()}</td>
                <td>{e.actor}</td>
                <td>
                  <button className="text-sky-700 underline dark:text-sky-400" onClick={() => setOpen(open === e.id ? null : e.id)}>
                    {e.action}
                  </button>
                </td>
                <td>
                  {e.targetKind}:{e.targetId}
                </td>
                <td>{e.clientAddress ?? "—"}</td>
                <td className={e.outcome === "failure" ? "text-red-600" : ""}>{e.outcome}</td>
              </tr>
              {open === e.id ? (
                <tr key={`${e.id}-diff`}>
                  <td colSpan={6} className="bg-slate-100 p-3 dark:bg-slate-900">
                    <AuditDiff before={e.before} after={e.after} revisionId={e.revisionId} />
                  </td>
                </tr>
              ) : null}
            </>
          ))}
        </tbody>
      </table>
      {query.hasNextPage ? (
        <Button variant="secondary" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          Load older entries
        </Button>
      ) : null}
    </div>
  );
}
