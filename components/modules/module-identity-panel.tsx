"use client";

import { useQuery } from "@tanstack/react-query";
import { runtimeStatusTone } from "@/components/device-page/status-badge";
import { useNow } from "@/components/device-page/use-now";
import { queryKeys } from "@/components/live/query-keys";
import { FreshnessNote, TrustedBadge } from "@/components/status/freshness-badge";
import { PresenceLabel } from "@/components/status/presence-label";
import { useCan } from "@/components/shell/current-user";
import { api } from "@/components/ui/api-client";
import { SecretValue } from "@/components/ui/secret-value";
import type { Twin } from "./twin-types";

type ModuleIdentity = {
  moduleId: string;
  deviceId: string;
  managedBy: string | null;
  generationId: string;
  connectionState: "Connected" | "Disconnected";
  connectionStateUpdatedTime: string;
  lastActivityTime: string;
  authentication: { type: string; symmetricKey: { primaryKey: string | null; secondaryKey: string | null } };
};
type ConnectionStrings = { primaryConnectionString: string; secondaryConnectionString: string };

const NEVER = "0001-01-01T00:00:00Z";
const when = (iso: string) => (iso === NEVER || iso.startsWith("0001-") ? "never" : new Date(iso).toLocaleString());

type Node = Record<string, unknown> | undefined;
const child = (node: Node, key: string) => node?.[key] as Node;

/**
 * The module's runtime status as its device's edgeAgent reports it (reference §8.1), and when the
 * edgeAgent reported it (`$metadata` of that entry), so the console can say how old it is.
 */
function reportedRuntimeStatus(agent: Twin | undefined, moduleId: string): { status: string; at: unknown } | null {
  const reported = agent?.properties.reported as Node;
  if (!reported) return null;
  const path = moduleId === "$edgeAgent" ? ["systemModules", "edgeAgent"] : moduleId === "$edgeHub" ? ["systemModules", "edgeHub"] : ["modules", moduleId];
  const entry = path.reduce(child, reported);
  const status = entry?.runtimeStatus;
  if (typeof status !== "string") return null;
  const metadata = path.reduce(child, child(reported, "$metadata"));
  return { status, at: child(metadata, "runtimeStatus")?.$lastUpdated ?? metadata?.$lastUpdated };
}

/** Module identity: ids, manager, connection, runtime status; keys and connection strings for admins. */
export function ModuleIdentityPanel({ deviceId, moduleId }: { deviceId: string; moduleId: string }) {
  const canSeeSecrets = useCan("secrets.read");
  const base = `/devices/${encodeURIComponent(deviceId)}/modules/${encodeURIComponent(moduleId)}`;
  const identity = useQuery({ queryKey: queryKeys.module(deviceId, moduleId), queryFn: () => api<ModuleIdentity>(base) });
  // Only edge devices have an edgeAgent to report module status.
  const device = useQuery({
    queryKey: queryKeys.device(deviceId),
    queryFn: () => api<{ capabilities: { iotEdge: boolean } }>(`/devices/${encodeURIComponent(deviceId)}`),
  });
  const agent = useQuery({
    queryKey: queryKeys.twin(deviceId, "$edgeAgent"),
    queryFn: () => api<Twin & { connectionState?: string }>(`/twins/${encodeURIComponent(deviceId)}/modules/%24edgeAgent`),
    enabled: device.data?.capabilities.iotEdge === true,
    retry: false,
  });
  const now = useNow();
  const strings = useQuery({
    queryKey: [...queryKeys.module(deviceId, moduleId), "connection-strings"],
    queryFn: () => api<ConnectionStrings>(`${base}/connection-strings`),
    enabled: canSeeSecrets && identity.data?.authentication.type === "sas",
  });

  if (identity.isPending) return <div className="h-32 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading module" />;
  if (identity.isError) {
    return (
      <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-700 dark:border-red-800 dark:bg-red-950 dark:text-red-300">
        Could not load the module: {identity.error.message}
      </p>
    );
  }
  const m = identity.data;
  const runtime = reportedRuntimeStatus(agent.data, moduleId);
  // A runtime status is only as current as the edgeAgent that reports it is connected.
  const agentOnline = agent.data ? agent.data.connectionState === "Connected" : undefined;
  const rows: Array<[string, React.ReactNode]> = [
    ["Module id", <code key="id">{m.moduleId}</code>],
    ["Managed by", m.managedBy ?? "—"],
    ["Generation id", <code key="gen">{m.generationId}</code>],
    ["Connection", <PresenceLabel key="conn" state={m.connectionState} since={m.connectionStateUpdatedTime} now={now} />],
    ["Last activity", when(m.lastActivityTime)],
    [
      "Runtime status",
      runtime ? (
        <span key="runtime" className="inline-flex flex-wrap items-center gap-1.5">
          <TrustedBadge tone={runtimeStatusTone(runtime.status)} at={runtime.at} source="edgeAgent" isReporterOnline={agentOnline} now={now}>
            {runtime.status}
          </TrustedBadge>
          <FreshnessNote at={runtime.at} source="edgeAgent" isReporterOnline={agentOnline} now={now} />
        </span>
      ) : (
        <span className="text-slate-500">{device.data?.capabilities.iotEdge === false ? "not an IoT Edge device" : "not reported by edgeAgent"}</span>
      ),
    ],
    ["Authentication", m.authentication.type],
  ];
  return (
    <section aria-label="Module identity" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
            <dd data-testid={`module-${label.toLowerCase().replace(/\s+/g, "-")}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {canSeeSecrets && m.authentication.type === "sas" ? (
        <div className="mt-3 border-t border-slate-200 pt-2 dark:border-slate-800" aria-label="Credentials">
          {m.authentication.symmetricKey.primaryKey ? <SecretValue label="Primary key" value={m.authentication.symmetricKey.primaryKey} /> : null}
          {m.authentication.symmetricKey.secondaryKey ? <SecretValue label="Secondary key" value={m.authentication.symmetricKey.secondaryKey} /> : null}
          {strings.data ? <SecretValue label="Primary connection string" value={strings.data.primaryConnectionString} /> : null}
          {strings.isError ? <p className="text-xs text-red-600">Connection strings unavailable: {strings.error.message}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
