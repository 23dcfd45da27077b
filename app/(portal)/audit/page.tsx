import { Suspense } from "react";
import { AuditLogView } from "@/components/audit/audit-log-view";

export default function AuditPage() {
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">Audit trail</h1>
      <Suspense fallback={<div className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />}>
        <AuditLogView />
      </Suspense>
    </section>
  );
}
