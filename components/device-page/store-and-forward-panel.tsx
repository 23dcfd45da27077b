"use client";

import { storeAndForwardView } from "@/lib/domain/edge-health";
import { FreshnessNote, TrustedBadge } from "@/components/status/freshness-badge";
import { COMPACT_ROW, CompactTable } from "@/components/ui/compact-table";

/**
 * edgeHub's message store as `$edgeHub` last reported it (`storeAndForward`, docs/simulator.md):
 * what waits per priority, how old it is against the TTL, and what expired or was refused.
 */
export function StoreAndForwardPanel({ reported, offline, now }: { reported: Record<string, unknown>; offline: boolean; now: Date }) {
  const view = storeAndForwardView(reported, now);
  // The status age: when $edgeHub last reported its store ($metadata, stamped by the hub).
  const metadata = (reported.$metadata ?? {}) as Record<string, { $lastUpdated?: string } | undefined>;
  const storeAt = metadata.storeAndForward?.$lastUpdated ?? view?.reportedAt?.toISOString() ?? null;
  return (
    <section aria-labelledby="saf-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" data-testid="store-and-forward-panel">
      <h2 id="saf-heading" className="mb-3 flex items-center gap-2 font-semibold">
        Store and forward
        {view ? (
          <TrustedBadge tone={view.tone} at={storeAt} source="edgeHub" isReporterOnline={!offline} now={now}>
            <span data-testid="saf-headline">{view.headline}</span>
          </TrustedBadge>
        ) : null}
        {view ? <FreshnessNote at={storeAt} source="edgeHub" isReporterOnline={!offline} now={now} /> : null}
      </h2>
      {!view ? (
        <p className="text-sm text-slate-500">edgeHub has not reported its message store.</p>
      ) : (
        <>
          {offline ? (
            <p className="mb-2 text-xs text-amber-700 dark:text-amber-300">
              As last reported: while the device is offline its edgeHub stores messages but cannot report them.
            </p>
          ) : null}
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500 dark:text-slate-400">Waiting</dt>
            <dd data-testid="saf-queue-length">{view.queueLength} messages</dd>
            <dt className="text-slate-500 dark:text-slate-400">Storage used</dt>
            <dd data-testid="saf-storage">
              {view.storage}
              {view.usedPercent !== null ? (
                <span className="ml-2 inline-block h-2 w-24 rounded bg-slate-200 align-middle dark:bg-slate-700" role="meter" aria-valuenow={view.usedPercent} aria-valuemin={0} aria-valuemax={100} aria-label="storage used">
                  <span className={`block h-2 rounded ${view.usedPercent >= 90 ? "bg-red-500" : "bg-sky-500"}`} style={{ width: `${view.usedPercent}%` }} />
                </span>
              ) : null}
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">Oldest message</dt>
            <dd data-testid="saf-oldest">
              {view.oldestAge === "—" ? "none stored" : `${view.oldestAge} old`} · TTL {view.ttl}
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">First expiry</dt>
            <dd data-testid="saf-first-expiry">{view.firstExpiry}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Dropped (TTL)</dt>
            <dd data-testid="saf-dropped">{view.droppedByTtl}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Refused (store full)</dt>
            <dd data-testid="saf-refused">{view.refusedForSpace}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Forwarded from store</dt>
            <dd>{view.forwarded}</dd>
          </dl>
          {view.queues.length ? (
            <CompactTable caption="Queues by priority" columns={["Queue", "Priority", "Messages", "Oldest", "First expiry"]} testId="saf-queues" className="mt-3">
              {view.queues.map((q) => (
                <tr key={q.name} className={COMPACT_ROW}>
                  <td className="py-1 font-mono text-xs">{q.name}</td>
                  <td className="py-1">{q.priority}</td>
                  <td className="py-1">{q.length}</td>
                  <td className="py-1">{q.oldestAge}</td>
                  <td className="py-1">{q.firstExpiry}</td>
                </tr>
              ))}
            </CompactTable>
          ) : null}
        </>
      )}
    </section>
  );
}
