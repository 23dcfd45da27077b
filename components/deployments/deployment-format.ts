import type { Configuration, SystemMetricName } from "./deployment-types";

/** Shared display helpers of the deployments pages. */
export const metric = (c: Pick<Configuration, "systemMetrics">, name: SystemMetricName) => c.systemMetrics?.results?.[name] ?? 0;

export const METRIC_LABELS: Record<SystemMetricName, string> = {
  targetedCount: "Targeted",
  appliedCount: "Applied",
  reportedSuccessfulCount: "Reporting success",
  reportedFailedCount: "Reporting failure",
};

export const formatDate = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
};

/** Downloads `value` as a pretty-printed JSON file (the browser's save dialog, no server round trip). */
export function downloadJson(fileName: string, value: unknown) {
  const blob = new Blob([JSON.stringify(value, null, 2) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const cardClass = "rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";
export const inputClass =
  "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";
