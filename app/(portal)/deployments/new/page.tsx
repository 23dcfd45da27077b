import Link from "next/link";
import { Suspense } from "react";
import { DeploymentComposer } from "@/components/deployments/deployment-composer";

export default function NewDeploymentPage() {
  return (
    <section className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/deployments" className="underline-offset-2 hover:underline">
          Deployments
        </Link>{" "}
        / new
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">New deployment</h1>
      {/* useSearchParams (step, from, source) needs a boundary; the skeleton matches loading.tsx. */}
      <Suspense fallback={<div className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading composer" />}>
        <DeploymentComposer />
      </Suspense>
    </section>
  );
}
