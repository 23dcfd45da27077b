import { DataLossRiskTable } from "@/components/at-risk/data-loss-risk-table";

/** Edge devices by risk of losing stored messages (components/at-risk, GET /api/fleet/data-loss-risk). */
export default function AtRiskPage() {
  return (
    <section>
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">At risk of losing data</h1>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">
        Edge devices whose edgeHub holds stored messages: those already refusing (store full) or dropping expired messages first, then the
        least time until the oldest message expires, then the fullest store.
      </p>
      <DataLossRiskTable />
    </section>
  );
}
