import { cardClass } from "./deployment-format";
import type { DeploymentPreview } from "./deployment-types";

const KINDS = [
  ["added", "Modules added"],
  ["removed", "Modules removed"],
  ["changed", "Modules changed"],
  ["restarted", "Modules restarted"],
  ["resetTwins", "Module twins reset"],
] as const;

/** What creating the deployment would do, per targeted device (POST /api/configurations/preview). */
export function ImpactPreview({ preview, error, isLoading }: { preview: DeploymentPreview | undefined; error: Error | null; isLoading: boolean }) {
  return (
    <section aria-labelledby="impact-heading" className={cardClass}>
      <h2 id="impact-heading" className="mb-2 font-semibold">
        Impact preview
      </h2>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error.message}
        </p>
      ) : isLoading || !preview ? (
        <p className="text-sm text-slate-500">Computing…</p>
      ) : (
        <div className="space-y-3">
          <p className="text-sm" data-testid="impact-summary">
            <strong>{preview.targetedCount}</strong> device{preview.targetedCount === 1 ? "" : "s"} targeted; <strong>{preview.impact.totals.devices}</strong> would change.
          </p>
          <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
            {KINDS.map(([key, label]) => (
              <div key={key} className="rounded border border-slate-200 p-2 dark:border-slate-800">
                <dt className="text-xs text-slate-500">{label}</dt>
                <dd className="text-lg font-semibold tabular-nums" data-testid={`impact-${key}`}>
                  {preview.impact.totals[key]}
                </dd>
              </div>
            ))}
          </dl>
          {preview.impact.devices.length ? (
            <div className="max-h-72 overflow-auto">
              <table className="w-full text-left text-xs" aria-label="Impact per device">
                <thead className="text-slate-500">
                  <tr>
                    <th scope="col" className="px-2 py-1">Device</th>
                    {KINDS.map(([key, label]) => (
                      <th key={key} scope="col" className="px-2 py-1">
                        {label.replace("Modules ", "").replace("Module twins reset", "twins reset")}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.impact.devices.map((d) => (
                    <tr key={d.deviceId} className="border-t border-slate-100 dark:border-slate-800">
                      <td className="px-2 py-1 font-medium">{d.deviceId}</td>
                      {KINDS.map(([key]) => (
                        <td key={key} className="px-2 py-1">
                          {d[key].join(", ") || "—"}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {preview.impact.devices.length < preview.impact.totals.devices ? <p className="mt-1 text-xs text-slate-500">First {preview.impact.devices.length} devices shown.</p> : null}
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}
