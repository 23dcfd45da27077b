import { Suspense } from "react";
import { FleetBrowser } from "@/components/devices/fleet-browser";

export default function DevicesPage() {
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">Devices</h1>
      {/* useSearchParams needs a boundary; the skeleton matches loading.tsx. */}
      <Suspense fallback={<div className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading" />}>
        <FleetBrowser />
      </Suspense>
    </section>
  );
}
