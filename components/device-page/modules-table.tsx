"use client";

import Link from "next/link";
import { formatAge, mergeModuleRows, parseTime, type ModuleRow, type ReportedField } from "@/lib/domain/edge-health";
import { FreshnessNote, TrustedBadge } from "@/components/status/freshness-badge";
import { runtimeStatusTone } from "./status-badge";

const cell = "px-2 py-1.5 align-top";

/** A reported value with its age underneath; values older than the device's disconnect are marked. */
function Reported({ row, field, children, now }: { row: ModuleRow; field: ReportedField; children: React.ReactNode; now: Date }) {
  if (!row.reported) return <span className="text-slate-400">—</span>;
  return (
    <>
      <div>{children}</div>
      <div className="text-[11px] text-slate-500" data-testid={`age-${field}`}>
        reported {formatAge(row.reportedAt[field], now)}
      </div>
    </>
  );
}

const time = (value: string | null, now: Date) => (value ? formatAge(value, now) : "—");

/**
 * Desired (the deployment, from `$edgeAgent` desired) against reported (what the agent last said) for
 * every module. Each row links to the module page.
 */
export function ModulesTable(props: {
  deviceId: string;
  desired: Record<string, unknown>;
  reported: Record<string, unknown> & { $metadata?: unknown };
  offline: boolean;
  offlineSince: string | null;
  now: Date;
}) {
  const { deviceId, now } = props;
  const rows = mergeModuleRows({ desired: props.desired, reported: props.reported, reportedMetadata: props.reported.$metadata });
  return (
    <section aria-labelledby="modules-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-3 flex flex-wrap items-baseline gap-3">
        <h2 id="modules-heading" className="font-semibold">
          Modules
        </h2>
        {props.offline ? (
          <p role="status" data-testid="modules-offline" className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900 dark:bg-amber-900/40 dark:text-amber-100">
            Device offline ({parseTime(props.offlineSince) ? `disconnected ${formatAge(props.offlineSince, now)}` : "never connected"}): reported values are the last the runtime sent and are shown as stale.
          </p>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">No modules: no deployment is applied and the runtime has reported none.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[900px] text-left text-sm" aria-describedby="modules-heading">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-700">
              <tr>
                <th scope="col" className={cell}>Module</th>
                <th scope="col" className={cell}>Image (desired → reported)</th>
                <th scope="col" className={cell}>Version</th>
                <th scope="col" className={cell}>Desired status</th>
                <th scope="col" className={cell}>Runtime status</th>
                <th scope="col" className={cell}>Exit code</th>
                <th scope="col" className={cell}>Restarts</th>
                <th scope="col" className={cell}>Last start</th>
                <th scope="col" className={cell}>Last exit</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.moduleId} data-testid={`module-row-${row.name}`} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <th scope="row" className={`${cell} font-medium`}>
                    <Link
                      href={`/devices/${encodeURIComponent(deviceId)}/modules/${encodeURIComponent(row.moduleId)}`}
                      className="text-sky-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-400"
                    >
                      {row.name}
                    </Link>
                    {row.system ? <span className="ml-1 text-[11px] text-slate-500">system</span> : null}
                    {row.drift.length ? (
                      <ul className="mt-1 text-[11px] text-amber-700 dark:text-amber-300">
                        {row.drift.map((d) => <li key={d}>{d}</li>)}
                      </ul>
                    ) : null}
                  </th>
                  <td className={`${cell} font-mono text-xs`}>
                    <div title="desired">{row.desired?.image ?? "—"}</div>
                    {row.reported && row.reported.image !== row.desired?.image ? (
                      <Reported row={row} field="image" now={now}>→ {row.reported.image ?? "—"}</Reported>
                    ) : null}
                  </td>
                  <td className={cell}>
                    <div>{row.desired?.version ?? "—"}</div>
                    {row.reported?.version && row.reported.version !== row.desired?.version ? <div className="text-xs">→ {row.reported.version}</div> : null}
                  </td>
                  <td className={cell}>{row.desired?.status ?? (row.system ? "running" : "—")}</td>
                  <td className={cell} data-testid="runtime-status-cell">
                    <Reported row={row} field="runtimeStatus" now={now}>
                      <TrustedBadge
                        tone={runtimeStatusTone(row.reported?.runtimeStatus)}
                        at={row.reportedAt.runtimeStatus}
                        source="edgeAgent"
                        isReporterOnline={!props.offline}
                        now={now}
                        title={row.reported?.statusDescription ?? undefined}
                      >
                        {row.reported?.runtimeStatus ?? "unknown"}
                      </TrustedBadge>
                      {props.offline ? <span className="ml-1 text-[11px] text-amber-700 dark:text-amber-300">(offline)</span> : null}
                      <div>
                        <FreshnessNote at={row.reportedAt.runtimeStatus} source="edgeAgent" isReporterOnline={!props.offline} now={now} />
                      </div>
                      {row.failing && row.reported?.statusDescription ? (
                        <div className="text-[11px] text-red-700 dark:text-red-300">{row.reported.statusDescription}</div>
                      ) : null}
                    </Reported>
                  </td>
                  <td className={cell}>
                    <Reported row={row} field="exitCode" now={now}>{row.reported?.exitCode ?? "—"}</Reported>
                  </td>
                  <td className={cell}>
                    <Reported row={row} field="restartCount" now={now}>{row.reported?.restartCount ?? 0}</Reported>
                  </td>
                  <td className={cell}>{row.reported ? time(row.reported.lastStartTimeUtc, now) : "—"}</td>
                  <td className={cell}>{row.reported ? time(row.reported.lastExitTimeUtc, now) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
