"use client";

import { useQuery } from "@tanstack/react-query";
import { useLiveRoom } from "@/components/live/live-provider";
import { queryKeys } from "@/components/live/query-keys";
import { api, ApiError } from "@/components/ui/api-client";
import { IdentityPanel } from "./identity-panel";
import { ModulesTable } from "./modules-table";
import { RuntimePanel } from "./runtime-panel";
import { StoreAndForwardPanel } from "./store-and-forward-panel";
import type { DeviceIdentity, ModuleTwin } from "./types";
import { useNow } from "./use-now";

function Skeleton({ label, height = "h-40" }: { label: string; height?: string }) {
  return <div className={`${height} animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800`} aria-label={label} role="status" />;
}

function ErrorBox({ error }: { error: Error }) {
  return (
    <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      {error.message}
    </p>
  );
}

/**
 * Identity, edge runtime and modules of one device. Both queries sit under the shared keys, and the
 * page joins the device's live room, so a reported change or a connect/disconnect shows without reload.
 */
export function DeviceOverview({ deviceId }: { deviceId: string }) {
  useLiveRoom(deviceId);
  const now = useNow();
  const device = useQuery({
    queryKey: queryKeys.device(deviceId),
    queryFn: () => api<DeviceIdentity>(`/devices/${encodeURIComponent(deviceId)}`),
  });
  const isEdge = device.data?.capabilities.iotEdge === true;
  const agent = useQuery({
    queryKey: queryKeys.twin(deviceId, "$edgeAgent"),
    queryFn: () => api<ModuleTwin>(`/twins/${encodeURIComponent(deviceId)}/modules/${encodeURIComponent("$edgeAgent")}`),
    enabled: isEdge,
  });
  // An edge device's own identity never connects over MQTT: its presence is its $edgeAgent's connection.
  const agentIdentity = useQuery({
    queryKey: queryKeys.module(deviceId, "$edgeAgent"),
    queryFn: () => api<DeviceIdentity>(`/devices/${encodeURIComponent(deviceId)}/modules/${encodeURIComponent("$edgeAgent")}`),
    enabled: isEdge,
  });
  const hub = useQuery({
    queryKey: queryKeys.twin(deviceId, "$edgeHub"),
    queryFn: () => api<ModuleTwin>(`/twins/${encodeURIComponent(deviceId)}/modules/${encodeURIComponent("$edgeHub")}`),
    enabled: isEdge,
  });

  if (device.isPending) return <Skeleton label="Loading device" />;
  if (device.isError) {
    if (device.error instanceof ApiError && device.error.status === 404) return <ErrorBox error={new Error(`No device ${deviceId} is registered.`)} />;
    return <ErrorBox error={device.error} />;
  }
  const presence =
    isEdge && agentIdentity.data
      ? { state: agentIdentity.data.connectionState, since: agentIdentity.data.connectionStateUpdatedTime ?? null, source: "$edgeAgent" as const }
      : { state: isEdge ? "Disconnected" : device.data.connectionState, since: isEdge ? null : (device.data.connectionStateUpdatedTime ?? null), source: isEdge ? ("$edgeAgent" as const) : ("device" as const) };
  const offline = presence.state !== "Connected";
  return (
    <div className="grid gap-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <IdentityPanel deviceId={deviceId} device={device.data} presence={presence} />
        {!isEdge ? (
          <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-500 dark:border-slate-800 dark:bg-slate-900">
            <h2 className="mb-2 font-semibold text-slate-900 dark:text-slate-100">Edge runtime</h2>
            Not an IoT Edge device: it runs no edge runtime or modules.
          </section>
        ) : agent.isPending ? (
          <Skeleton label="Loading edge runtime" />
        ) : agent.isError ? (
          <ErrorBox error={agent.error} />
        ) : (
          <RuntimePanel reported={agent.data.properties.reported} offline={offline} now={now} />
        )}
      </div>
      {isEdge && agent.data ? (
        <ModulesTable
          deviceId={deviceId}
          desired={agent.data.properties.desired}
          reported={agent.data.properties.reported}
          offline={offline}
          offlineSince={presence.since}
          now={now}
        />
      ) : isEdge && agent.isPending ? (
        <Skeleton label="Loading modules" />
      ) : null}
      {isEdge && hub.data ? <StoreAndForwardPanel reported={hub.data.properties.reported} offline={offline} now={now} /> : null}
    </div>
  );
}
