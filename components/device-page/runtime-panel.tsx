"use client";

import { explainDesiredStatus, formatAge, runtimeSummary } from "@/lib/domain/edge-health";
import { FreshnessNote, TrustedBadge } from "@/components/status/freshness-badge";
import { runtimeStatusTone } from "./status-badge";

type Metadata = Record<string, { $lastUpdated?: string } | undefined>;

/** The edge runtime as `$edgeAgent` last reported it (reference §8.1), with the status code explained. */
export function RuntimePanel({ reported, offline, now }: { reported: Record<string, unknown>; offline: boolean; now: Date }) {
  const summary = runtimeSummary(reported);
  const explained = explainDesiredStatus(summary.lastDesiredStatusCode);
  const metadata = (reported.$metadata ?? {}) as Metadata;
  const statusAt = metadata.lastDesiredStatus?.$lastUpdated;
  const systemMetadata = (metadata as Record<string, unknown>).systemModules as Record<string, { $lastUpdated?: string } | undefined> | undefined;
  // The agent's own status: its systemModules.edgeAgent entry, else anything it last reported.
  const agentAt = systemMetadata?.edgeAgent?.$lastUpdated ?? (metadata as { $lastUpdated?: string }).$lastUpdated;
  const platform = [summary.platform.os, summary.platform.architecture].filter(Boolean).join(" / ");
  return (
    <section aria-labelledby="runtime-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" data-testid="runtime-panel">
      <h2 id="runtime-heading" className="mb-3 font-semibold">
        Edge runtime
      </h2>
      {!summary.hasReported ? (
        <p className="text-sm text-slate-500">The edge runtime has not reported yet: no agent has connected for this device.</p>
      ) : (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-slate-500 dark:text-slate-400">Runtime status</dt>
          <dd data-testid="runtime-status">
            <TrustedBadge tone={runtimeStatusTone(summary.runtimeStatus)} at={agentAt} source="edgeAgent" isReporterOnline={!offline} now={now}>
              {summary.runtimeStatus ?? "unknown"}
            </TrustedBadge>
            {offline ? <span className="ml-2 text-xs text-amber-700 dark:text-amber-300">as last reported (device offline)</span> : null}
            <span className="ml-2">
              <FreshnessNote at={agentAt} source="edgeAgent" isReporterOnline={!offline} now={now} />
            </span>
          </dd>
          <dt className="text-slate-500 dark:text-slate-400">Last desired status</dt>
          <dd data-testid="runtime-desired-status">
            <TrustedBadge tone={explained.tone} at={statusAt} source="deployment" isReporterOnline={!offline} now={now}>
              {explained.code ?? "—"} {explained.name}
            </TrustedBadge>
            <span className="ml-2">
              <FreshnessNote at={statusAt} source="deployment" isReporterOnline={!offline} now={now} />
            </span>
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">{explained.meaning}</p>
            {summary.lastDesiredStatusDescription ? (
              <p className="mt-1 font-mono text-xs text-slate-600 dark:text-slate-300">{summary.lastDesiredStatusDescription}</p>
            ) : null}
            <p className="mt-1 text-xs text-slate-500">
              reported {formatAge(statusAt, now)}
              {summary.lastDesiredVersion !== null ? ` · for desired version ${summary.lastDesiredVersion}` : ""}
            </p>
          </dd>
          <dt className="text-slate-500 dark:text-slate-400">Runtime version</dt>
          <dd data-testid="runtime-version">{summary.runtimeVersion ?? "not reported"}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Platform</dt>
          <dd data-testid="runtime-platform">
            {platform || "not reported"}
            {summary.runtimeType ? ` · ${summary.runtimeType}` : ""}
          </dd>
        </dl>
      )}
    </section>
  );
}
