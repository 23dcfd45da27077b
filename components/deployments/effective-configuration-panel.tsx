"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { DeviceIdentity } from "@/components/device-page/types";
import { JsonCodeEditor } from "@/components/json-editor";
import { useLiveRoom } from "@/components/live/live-provider";
import { queryKeys } from "@/components/live/query-keys";
import { api } from "@/components/ui/api-client";
import { cardClass } from "./deployment-format";
import type { EffectiveConfiguration } from "./deployment-types";

const cell = "px-2 py-1 align-top";

/** "$edgeAgent/modules/sensor" → "module sensor"; "$edgeHub/routes/r1" → "route r1". */
function describe(key: string): string {
  const [owner, kind, ...rest] = key.split("/");
  if (owner === "$edgeAgent" && kind === "modules") return `module ${rest.join("/")}`;
  if (owner === "$edgeAgent" && kind === "systemModules") return `system module ${rest.join("/")}`;
  if (owner === "$edgeAgent" && kind === "runtime") return "runtime settings";
  if (owner === "$edgeHub" && kind === "routes") return `route ${rest.join("/")}`;
  if (owner === "$edgeHub" && kind === "storeAndForwardConfiguration") return "store and forward";
  return `${owner} twin${kind ? ` ${[kind, ...rest].join(".")}` : ""}`;
}

/**
 * Which deployments target this device, which base won, what they merge to and where each module and
 * route came from (GET /api/devices/{id}/effectiveConfiguration). Keyed under the device, so the
 * live layer refetches it on the device's events: a deployment that starts or stops applying
 * rewrites the device's `$edgeAgent` desired, and tag changes retarget it.
 */
export function EffectiveConfigurationPanel({ deviceId }: { deviceId: string }) {
  useLiveRoom(deviceId);
  const [showMerged, setShowMerged] = useState(false);
  const device = useQuery({ queryKey: queryKeys.device(deviceId), queryFn: () => api<DeviceIdentity>(`/devices/${encodeURIComponent(deviceId)}`) });
  const isEdge = device.data?.capabilities.iotEdge === true;
  const effective = useQuery({
    queryKey: queryKeys.effectiveConfiguration(deviceId),
    queryFn: () => api<EffectiveConfiguration>(`/devices/${encodeURIComponent(deviceId)}/effectiveConfiguration`),
    enabled: isEdge,
  });
  if (!isEdge) return null;
  return (
    <section aria-labelledby="effective-config-heading" className={`${cardClass} space-y-3`} data-testid="effective-configuration">
      <h2 id="effective-config-heading" className="font-semibold">
        Effective configuration
      </h2>
      {effective.isPending ? (
        <div className="h-20 animate-pulse rounded bg-slate-200 dark:bg-slate-800" role="status" aria-label="Loading effective configuration" />
      ) : effective.isError ? (
        <p role="alert" className="text-sm text-red-600">
          Could not load the effective configuration: {effective.error.message}
        </p>
      ) : effective.data.deployments.length === 0 ? (
        <p className="text-sm text-slate-500">No deployment targets this device; its modules are set directly (or it runs none).</p>
      ) : (
        <>
          <table className="w-full text-left text-sm" aria-label="Deployments targeting this device">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className={cell}>Deployment</th>
                <th scope="col" className={cell}>Priority</th>
                <th scope="col" className={cell}>Kind</th>
                <th scope="col" className={cell}>Status</th>
              </tr>
            </thead>
            <tbody>
              {effective.data.deployments.map((d) => (
                <tr key={d.id} data-testid={`effective-deployment-${d.id}`} className="border-t border-slate-100 dark:border-slate-800">
                  <td className={cell}>
                    <Link href={`/deployments/${encodeURIComponent(d.id)}`} className="text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">
                      {d.id}
                    </Link>
                    {effective.data.base === d.id ? <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-200">base in effect</span> : null}
                  </td>
                  <td className={cell}>{d.priority}</td>
                  <td className={cell}>{d.layered ? "Layered" : "Base"}</td>
                  <td className={cell} data-testid="effective-status">
                    {d.status}
                    {d.reason ? (
                      <div className="text-xs text-slate-500">{d.reason}</div>
                    ) : d.status === "Targeted" ? (
                      <span className="text-xs text-slate-500"> (lost to a higher priority{d.layered ? " or no base below it" : ""})</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {Object.keys(effective.data.provenance).length ? (
            <div>
              <h3 className="mb-1 text-sm font-medium">Where each part comes from</h3>
              <ul className="grid gap-x-6 text-sm sm:grid-cols-2" aria-label="Provenance">
                {Object.entries(effective.data.provenance).map(([key, id]) => (
                  <li key={key} data-testid={`provenance-${key}`}>
                    {describe(key)} ← <span className="font-medium">{id}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div>
            <button type="button" className="text-sm text-sky-700 underline dark:text-sky-400" aria-expanded={showMerged} onClick={() => setShowMerged((v) => !v)}>
              {showMerged ? "Hide" : "Show"} the merged desired properties
            </button>
            {showMerged ? (
              <div className="mt-2">
                <JsonCodeEditor path={`${deviceId}/effective-configuration.json`} value={JSON.stringify(effective.data.merged, null, 2)} readOnly ariaLabel="Merged desired properties (read-only)" height="20rem" />
              </div>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
