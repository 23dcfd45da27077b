import Link from "next/link";
import { explainDesiredStatus, fleetFilters, fleetListHref, formatAge } from "@/lib/domain/edge-health";
import { FreshnessNote } from "@/components/status/freshness-badge";
import type { FleetStatistics } from "./fleet-types";

const th = "px-2 py-1 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
const td = "px-2 py-1.5 align-top";
const deviceHref = (id: string) => `/devices/${encodeURIComponent(id)}`;
const offlineMark = (connected: boolean) =>
  connected ? null : <span className="ml-1 rounded bg-slate-200 px-1 text-[11px] text-slate-700 dark:bg-slate-800 dark:text-slate-300">offline</span>;

/** The devices and modules failing right now, newest first, with reason and age. */
export function FailingLists({ stats, now }: { stats: FleetStatistics; now: Date }) {
  const { runtimes, modules } = stats;
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <section aria-labelledby="failing-modules" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="failing-modules" className="font-semibold">
          Modules failing now <span className="text-slate-500" data-testid="failing-modules-total">({modules.failing.total})</span>
        </h2>
        {modules.failing.items.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">No module is failed, in backoff, unhealthy or dead.</p>
        ) : (
          <table className="mt-2 w-full text-sm" data-testid="failing-modules">
            <thead>
              <tr>
                <th scope="col" className={th}>Device / module</th>
                <th scope="col" className={th}>Status</th>
                <th scope="col" className={th}>Reason</th>
                <th scope="col" className={th}>Since</th>
              </tr>
            </thead>
            <tbody>
              {modules.failing.items.map((m) => (
                <tr key={`${m.deviceId}/${m.moduleName}`} className="border-t border-slate-100 dark:border-slate-800">
                  <td className={td}>
                    <Link className="text-sky-700 hover:underline dark:text-sky-400" href={`${deviceHref(m.deviceId)}/modules/${encodeURIComponent(m.moduleName)}`}>
                      {m.deviceId}/{m.moduleName}
                    </Link>
                    {offlineMark(m.deviceConnected)}
                  </td>
                  <td className={td}>
                    <Link className="hover:underline" href={fleetListHref(fleetFilters.moduleRuntimeStatus(m.runtimeStatus, [m.moduleName]))}>
                      {m.runtimeStatus}
                    </Link>
                  </td>
                  <td className={td}>
                    {m.statusDescription || "—"}
                    {m.exitCode !== null ? <span className="text-slate-500"> (exit {m.exitCode})</span> : null}
                  </td>
                  <td className={`${td} whitespace-nowrap`}>
                    {formatAge(m.since, now)}
                    <div>
                      <FreshnessNote at={m.since} source="edgeAgent" isReporterOnline={m.deviceConnected} now={now} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="failing-runtimes" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="failing-runtimes" className="font-semibold">
          Edge runtimes not applying their deployment <span className="text-slate-500" data-testid="failing-runtimes-total">({runtimes.failing.total})</span>
        </h2>
        {runtimes.failing.items.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">Every runtime that reported applied its last deployment (or has none yet).</p>
        ) : (
          <table className="mt-2 w-full text-sm" data-testid="failing-runtimes">
            <thead>
              <tr>
                <th scope="col" className={th}>Device</th>
                <th scope="col" className={th}>Last desired status</th>
                <th scope="col" className={th}>Since</th>
              </tr>
            </thead>
            <tbody>
              {runtimes.failing.items.map((r) => {
                const explained = explainDesiredStatus(r.code);
                return (
                  <tr key={r.deviceId} className="border-t border-slate-100 dark:border-slate-800">
                    <td className={td}>
                      <Link className="text-sky-700 hover:underline dark:text-sky-400" href={deviceHref(r.deviceId)}>
                        {r.deviceId}
                      </Link>
                      {offlineMark(r.deviceConnected)}
                    </td>
                    <td className={td}>
                      {r.code} {explained.name}
                      {r.description ? <div className="font-mono text-xs text-slate-500">{r.description}</div> : null}
                    </td>
                    <td className={`${td} whitespace-nowrap`}>
                      {formatAge(r.since, now)}
                      <div>
                        <FreshnessNote at={r.since} source="deployment" isReporterOnline={r.deviceConnected} now={now} />
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
