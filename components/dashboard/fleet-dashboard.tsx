"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useNow } from "@/components/device-page/use-now";
import { useLiveRoom } from "@/components/live/live-provider";
import { queryKeys } from "@/components/live/query-keys";
import { api } from "@/components/ui/api-client";
import { explainDesiredStatus, fleetFilters, fleetListHref, formatAge } from "@/lib/domain/edge-health";
import { DistributionBar, HourlyBars, StatLink } from "./charts";
import { FailingLists } from "./failing-lists";
import type { FleetStatistics } from "./fleet-types";
import { codeColour, CONNECTED, DISCONNECTED, runtimeStatusColour } from "./status-colors";

const card = "rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";
const BUCKET_LABEL = { under5m: "under 5 min", under1h: "5 min – 1 h", under1d: "1 h – 1 day", longer: "over a day", never: "never connected" } as const;
/** Module names behind a status, as the clause the device list runs (see fleetFilters). */
const statusHref = (s: FleetStatistics["modules"]["byRuntimeStatus"][number]) =>
  fleetListHref(fleetFilters.moduleRuntimeStatus(s.status, s.names.map((n) => n.name)));

/**
 * Fleet health at a glance. One aggregate query under the fleet key: the live layer refetches it
 * (at most every 2 s) when any change event arrives in the fleet room, which this view joins.
 */
export function FleetDashboard() {
  useLiveRoom(null);
  const now = useNow();
  const stats = useQuery({ queryKey: queryKeys.fleet("dashboard"), queryFn: () => api<FleetStatistics>("/statistics/fleet") });

  if (stats.isPending) {
    return (
      <div className="grid gap-4 md:grid-cols-3" role="status" aria-label="Loading fleet health">
        {[0, 1, 2].map((i) => <div key={i} className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />)}
      </div>
    );
  }
  if (stats.isError) {
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
        Fleet health could not be loaded: {stats.error.message}{" "}
        <button className="underline" onClick={() => void stats.refetch()}>Try again</button>
      </div>
    );
  }
  const s = stats.data;
  const connectedHref = fleetListHref(fleetFilters.connected());
  const disconnectedHref = fleetListHref(fleetFilters.disconnected());
  return (
    <div className="grid gap-4">
      <div className="grid gap-4 lg:grid-cols-3">
        <section aria-labelledby="dash-devices" className={card}>
          <h2 id="dash-devices" className="font-semibold">Devices</h2>
          <div className="mt-2 grid grid-cols-3 gap-1">
            <StatLink href="/devices" value={s.devices.total} label="registered" testId="stat-total" />
            <StatLink href={connectedHref} value={s.devices.connected} label="online" testId="stat-connected" />
            <StatLink href={disconnectedHref} value={s.devices.disconnected} label="offline" testId="stat-disconnected" />
          </div>
          <DistributionBar
            label="Online and offline devices"
            segments={[
              { label: "online", count: s.devices.connected, color: CONNECTED.fill, href: connectedHref },
              { label: "offline", count: s.devices.disconnected, color: DISCONNECTED.fill, href: disconnectedHref },
            ]}
          />
          <div className="mt-3 grid grid-cols-2 gap-3 text-xs">
            {([["Online for", s.devices.onlineFor, connectedHref], ["Offline for", s.devices.offlineFor, disconnectedHref]] as const).map(([title, buckets, href]) => (
              <div key={title}>
                <h3 className="font-medium text-slate-600 dark:text-slate-300">{title}</h3>
                <ul>
                  {buckets.filter((b) => b.count > 0).map((b) => (
                    <li key={b.bucket} className="flex justify-between gap-2">
                      <span>{BUCKET_LABEL[b.bucket]}</span>
                      <Link href={href} className="tabular-nums hover:underline">{b.count}</Link>
                    </li>
                  ))}
                  {buckets.every((b) => b.count === 0) ? <li className="text-slate-500">none</li> : null}
                </ul>
              </div>
            ))}
          </div>
          <p className="mt-3 text-xs text-slate-500">
            <Link href={fleetListHref(fleetFilters.edge())} className="hover:underline">{s.devices.edge} edge devices</Link>
            {" · "}
            <Link href={fleetListHref(fleetFilters.disabled())} className="hover:underline">{s.devices.disabled} disabled</Link>
          </p>
        </section>

        <section aria-labelledby="dash-runtimes" className={card}>
          <h2 id="dash-runtimes" className="font-semibold">Edge runtimes by last desired status</h2>
          <p className="mb-2 text-xs text-slate-500">{s.runtimes.total} edge runtimes, from <code>$edgeAgent</code> reported <code>lastDesiredStatus</code></p>
          <StaleRuntimes stale={s.runtimes.stale} />
          <DistributionBar
            label="Edge runtimes by last desired status"
            segments={s.runtimes.byLastDesiredStatus.map((r) => ({
              label: `${r.code ?? "not reported"}`,
              count: r.count,
              color: codeColour(r.code).fill,
              href: fleetListHref(fleetFilters.lastDesiredStatus(r.code)),
            }))}
          />
          <ul className="mt-3 grid gap-1 text-sm">
            {s.runtimes.byLastDesiredStatus.map((r) => {
              const explained = explainDesiredStatus(r.code);
              return (
                <li key={String(r.code)} className="flex items-center gap-2">
                  <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-sm ${codeColour(r.code).bg}`} />
                  <span className="flex-1" title={explained.meaning}>
                    {r.code ?? "—"} {explained.name}
                  </span>
                  <Link href={fleetListHref(fleetFilters.lastDesiredStatus(r.code))} className="tabular-nums font-medium hover:underline" data-testid={`runtime-code-${r.code ?? "none"}`}>
                    {r.count}
                  </Link>
                </li>
              );
            })}
            {s.runtimes.total === 0 ? <li className="text-slate-500">No edge device yet.</li> : null}
          </ul>
        </section>

        <section aria-labelledby="dash-modules" className={card}>
          <h2 id="dash-modules" className="font-semibold">Modules by runtime status</h2>
          <p className="mb-2 text-xs text-slate-500">{s.modules.total} modules reported by edge runtimes</p>
          <StaleRuntimes stale={s.runtimes.stale} />
          <DistributionBar
            label="Modules by runtime status"
            segments={s.modules.byRuntimeStatus.map((m) => ({ label: m.status, count: m.count, color: runtimeStatusColour(m.status).fill, href: statusHref(m) }))}
          />
          <ul className="mt-3 grid gap-1 text-sm">
            {s.modules.byRuntimeStatus.map((m) => (
              <li key={m.status}>
                <div className="flex items-center gap-2">
                  <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-sm ${runtimeStatusColour(m.status).bg}`} />
                  <span className="flex-1">{m.status}</span>
                  <Link href={statusHref(m)} className="tabular-nums font-medium hover:underline" data-testid={`module-status-${m.status}`}>
                    {m.count}
                  </Link>
                </div>
                <p className="ml-5 text-[11px] text-slate-500">
                  {m.names.slice(0, 4).map((n, i) => (
                    <span key={n.name}>
                      {i ? ", " : ""}
                      <Link href={fleetListHref(fleetFilters.moduleRuntimeStatus(m.status, [n.name]))} className="hover:underline">
                        {n.name} {n.count}
                      </Link>
                    </span>
                  ))}
                  {m.moduleNameCount > 4 ? ` and ${m.moduleNameCount - 4} more` : ""}
                </p>
              </li>
            ))}
            {s.modules.total === 0 ? <li className="text-slate-500">No module reported yet.</li> : null}
          </ul>
        </section>
      </div>

      <FailingLists stats={s} now={now} />

      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-labelledby="dash-history" className={card}>
          <h2 id="dash-history" className="font-semibold">Module failures, last {s.failuresByHour.hours} hours</h2>
          <p className="mb-2 text-xs text-slate-500">
            Reports of a module entering failed, backoff, unhealthy or dead per hour, from the <code>$edgeAgent</code> twin history.
          </p>
          <HourlyBars buckets={s.failuresByHour.buckets} label="Module failure reports per hour" />
          <p className="mt-1 text-xs text-slate-500" data-testid="failures-this-hour">
            {s.failuresByHour.buckets.at(-1)?.count ?? 0} this hour
          </p>
        </section>
        <section aria-labelledby="dash-deployments" className={card}>
          <h2 id="dash-deployments" className="font-semibold">Deployments in progress</h2>
          {s.deployments.inProgress.length === 0 ? (
            <p className="mt-2 text-sm text-slate-500" data-testid="deployments-empty">
              No deployment is rolling out: every device a deployment applies to reports success. <Link href="/deployments" className="underline">All deployments</Link>
            </p>
          ) : (
            <ul className="mt-2 space-y-2" data-testid="deployments-in-progress">
              {s.deployments.inProgress.map((d) => (
                <li key={d.id}>
                  <Link href={`/deployments/${encodeURIComponent(d.id)}`} className="font-mono text-sm underline">
                    {d.id}
                  </Link>
                  <span className="ml-2 text-xs text-slate-500">
                    {d.succeeded} of {d.applied} applied report success{d.failed ? `, ${d.failed} failed` : ""} ({d.targeted} targeted)
                  </span>
                  <div className="mt-1 h-1.5 rounded bg-slate-200 dark:bg-slate-700" role="progressbar" aria-label={`${d.id} rollout`} aria-valuemin={0} aria-valuemax={d.applied} aria-valuenow={d.succeeded}>
                    <div className="h-1.5 rounded bg-emerald-500" style={{ width: `${d.applied ? Math.round((d.succeeded / d.applied) * 100) : 0}%` }} />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <p className="text-right text-xs text-slate-500">Updated {formatAge(s.generatedAt, now)} · live</p>
    </div>
  );
}

/**
 * Counts built from `$edgeAgent` reports include runtimes whose report is frozen (agent offline) or
 * old (silent longer than STATUS_STALE_SECONDS): say how many, so "running" is not read as "running now".
 */
function StaleRuntimes({ stale }: { stale: FleetStatistics["runtimes"]["stale"] }) {
  const count = stale.offline + stale.old;
  if (count === 0) return null;
  return (
    <p className="mb-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="stale-runtimes">
      stale: {stale.offline} runtime{stale.offline === 1 ? "" : "s"} offline (as last reported)
      {stale.old ? `, ${stale.old} silent for over ${Math.round(stale.staleAfterSeconds / 60) || 1} min` : ""}
    </p>
  );
}
