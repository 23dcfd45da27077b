import { metric, METRIC_LABELS } from "./deployment-format";
import type { Configuration, SystemMetricName } from "./deployment-types";

const ORDER: SystemMetricName[] = ["targetedCount", "appliedCount", "reportedSuccessfulCount", "reportedFailedCount"];
const TONE: Record<SystemMetricName, string> = {
  targetedCount: "text-slate-900 dark:text-slate-100",
  appliedCount: "text-sky-700 dark:text-sky-400",
  reportedSuccessfulCount: "text-emerald-700 dark:text-emerald-400",
  reportedFailedCount: "text-red-700 dark:text-red-400",
};

/**
 * The four system metrics (reference §5.4) and a progress bar over the targeted devices: success,
 * failure, and applied-but-not-yet-reported as pending.
 */
export function DeploymentCounters({ configuration }: { configuration: Configuration }) {
  const targeted = metric(configuration, "targetedCount");
  const applied = metric(configuration, "appliedCount");
  const success = metric(configuration, "reportedSuccessfulCount");
  const failure = metric(configuration, "reportedFailedCount");
  const pending = Math.max(0, applied - success - failure);
  const pct = (n: number) => (targeted > 0 ? (100 * n) / targeted : 0);
  return (
    <section aria-label="Rollout" className="space-y-3">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {ORDER.map((name) => (
          <div key={name} className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <dt className="text-xs uppercase tracking-wide text-slate-500">{METRIC_LABELS[name]}</dt>
            <dd className={`text-2xl font-semibold tabular-nums ${TONE[name]}`} data-testid={`metric-${name}`}>
              {metric(configuration, name)}
            </dd>
          </div>
        ))}
      </dl>
      <div
        role="progressbar"
        aria-label="Devices reporting success"
        aria-valuemin={0}
        aria-valuemax={targeted}
        aria-valuenow={success}
        aria-valuetext={`${success} of ${targeted} targeted devices report success, ${failure} failure, ${pending} pending`}
        className="flex h-3 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div className="bg-emerald-500" style={{ width: `${pct(success)}%` }} />
        <div className="bg-red-500" style={{ width: `${pct(failure)}%` }} />
        <div className="bg-sky-300 dark:bg-sky-700" style={{ width: `${pct(pending)}%` }} />
      </div>
      <p className="text-xs text-slate-500">
        {success} success · {failure} failure · {pending} applied, not yet reported · {Math.max(0, targeted - applied)} targeted, not applied (another deployment wins)
      </p>
    </section>
  );
}
