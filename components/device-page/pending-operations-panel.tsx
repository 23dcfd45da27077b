"use client";

import { useQuery } from "@tanstack/react-query";
import { useLiveRoom } from "@/components/live/live-provider";
import { queryKeys } from "@/components/live/query-keys";
import { api } from "@/components/ui/api-client";
import { COMPACT_ROW, CompactTable } from "@/components/ui/compact-table";
import { describeOutcome, describeWait, formatAge, type OperationReceipt, type PendingOperation } from "@/lib/domain/edge-health";
import { StatusBadge } from "./status-badge";
import { useNow } from "./use-now";

type DeviceOperations = { deviceId: string; connectionState: string; pending: PendingOperation[]; receipts: OperationReceipt[] };

const KIND_LABEL: Record<PendingOperation["kind"], string> = { desired: "Desired properties", method: "Direct method", deployment: "Deployment" };

/** The pending-operations query sits under the device's key, so every event of its room refreshes it. */
export const pendingOperationsKey = (deviceId: string) => [...queryKeys.device(deviceId), "pending-operations"];

function Target({ moduleId }: { moduleId: string | null }) {
  return <span className="font-mono text-xs">{moduleId ?? "device"}</span>;
}

/**
 * Operations aimed at this device that it has not received yet (desired writes not delivered,
 * method calls waiting for a connection, a deployment the edgeAgent has not acted on) and the
 * receipts of the latest ones (docs/console.md). Live through the device's room; the clock ticks
 * so ages and method expiries count while the page is open.
 */
export function PendingOperationsPanel({ deviceId }: { deviceId: string }) {
  useLiveRoom(deviceId);
  const now = useNow(5_000);
  const ops = useQuery({
    queryKey: pendingOperationsKey(deviceId),
    queryFn: () => api<DeviceOperations>(`/devices/${encodeURIComponent(deviceId)}/pending-operations`),
    // A method call's expiry is a time, not an event: look again now and then.
    refetchInterval: 15_000,
  });
  const pending = ops.data?.pending ?? [];
  const receipts = ops.data?.receipts ?? [];
  return (
    <section aria-labelledby="pending-ops-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" data-testid="pending-operations-panel">
      <h2 id="pending-ops-heading" className="mb-3 flex items-center gap-2 font-semibold">
        Pending operations
        {ops.data ? (
          <StatusBadge tone={pending.length ? "warn" : "ok"}>
            <span data-testid="pending-count">{pending.length ? `${pending.length} pending` : "nothing pending"}</span>
          </StatusBadge>
        ) : null}
      </h2>
      {ops.isPending ? (
        <div className="h-16 animate-pulse rounded bg-slate-100 dark:bg-slate-800" role="status" aria-label="Loading pending operations" />
      ) : ops.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {ops.error.message}
        </p>
      ) : (
        <>
          {pending.length === 0 ? (
            <p className="text-sm text-slate-500">Everything sent to this device has been delivered.</p>
          ) : (
            <CompactTable caption="Pending operations, oldest first" columns={["Kind", "Target", "What", "Queued", "Expires"]} testId="pending-operations">
              {pending.map((op, i) => {
                const wait = describeWait(op, now);
                return (
                  <tr key={`${op.kind}-${op.moduleId}-${op.what}-${i}`} className={COMPACT_ROW} data-testid="pending-operation">
                    <td className="py-1">{KIND_LABEL[op.kind]}</td>
                    <td className="py-1">
                      <Target moduleId={op.moduleId} />
                    </td>
                    <td className="py-1">
                      {op.what}
                      {op.status === "delivered" ? <span className="ml-1 text-xs text-slate-500">(delivered, awaiting answer)</span> : null}
                      {op.requestedBy ? <span className="ml-1 text-xs text-slate-500">by {op.requestedBy}</span> : null}
                    </td>
                    <td className="py-1" title={op.queuedAt}>
                      {wait.age === "just now" ? "just now" : `${wait.age} ago`}
                    </td>
                    <td className="py-1">{wait.expires ?? "—"}</td>
                  </tr>
                );
              })}
            </CompactTable>
          )}
          {receipts.length ? (
            <details className="mt-3" open={pending.length === 0}>
              <summary className="cursor-pointer text-sm font-medium">Receipts ({receipts.length})</summary>
              <ul className="mt-2 grid gap-1 text-sm" data-testid="operation-receipts">
                {receipts.map((r, i) => (
                  <li key={`${r.kind}-${r.moduleId}-${r.what}-${i}`} className="flex flex-wrap gap-x-2" data-testid="operation-receipt">
                    <span>{KIND_LABEL[r.kind]}</span>
                    <Target moduleId={r.moduleId} />
                    <span>{r.what}</span>
                    {r.requestedBy ? <span className="text-xs text-slate-500">by {r.requestedBy}</span> : null}
                    <span className={r.outcome === "expired" || r.outcome === "failed" ? "text-red-700 dark:text-red-300" : "text-emerald-700 dark:text-emerald-300"}>
                      {describeOutcome(r)}
                    </span>
                    <span className="text-slate-500" title={r.deliveredAt ?? r.finishedAt ?? ""}>
                      {r.deliveredAt ? `delivered ${formatAge(r.deliveredAt, now)}` : r.finishedAt ? formatAge(r.finishedAt, now) : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}
