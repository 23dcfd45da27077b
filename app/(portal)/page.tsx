import { getDeviceStatistics } from "@/lib/data/get-device-statistics";

export const dynamic = "force-dynamic";

/** Placeholder home until the console issue lands: shows the hub is up and what it holds. */
export default async function HomePage() {
  const stats = await getDeviceStatistics();
  return (
    <main className="mx-auto max-w-3xl p-8">
      <h1 className="text-3xl font-semibold tracking-tight">EdgeDeck</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">Self-hosted IoT Edge hub. The REST API is served under /api.</p>
      <dl className="mt-6 grid grid-cols-3 gap-4">
        {[
          ["Devices", stats.totalDeviceCount],
          ["Enabled", stats.enabledDeviceCount],
          ["Disabled", stats.disabledDeviceCount],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="text-2xl font-semibold" data-testid={`stat-${String(label).toLowerCase()}`}>{value}</dd>
          </div>
        ))}
      </dl>
    </main>
  );
}
