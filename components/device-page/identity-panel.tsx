"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { queryKeys } from "@/components/live/query-keys";
import { useCan } from "@/components/shell/current-user";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { SecretValue } from "@/components/ui/secret-value";
import { useToast } from "@/components/ui/toast";
import { formatAge } from "@/lib/domain/edge-health";
import { PresenceLabel } from "@/components/status/presence-label";
import { ConfirmDialog } from "./confirm-dialog";
import { StatusBadge } from "./status-badge";
import type { DeviceIdentity } from "./types";
import { useNow } from "./use-now";

type ConnectionStrings = { primaryConnectionString: string; secondaryConnectionString: string };

/**
 * Identity: status (admins enable/disable), connection, authentication; for admins the keys and
 * connection strings, masked until revealed, and key regeneration behind a confirmation.
 */
export function IdentityPanel({
  deviceId,
  device,
  presence,
}: {
  deviceId: string;
  device: DeviceIdentity;
  /** Whether the device is reachable: its own connection, or for an edge device its $edgeAgent's. */
  presence: { state: string; since: string | null; source: "device" | "$edgeAgent" };
}) {
  const canWrite = useCan("registry.write");
  const canSeeSecrets = useCan("secrets.read");
  const now = useNow();
  const toast = useToast();
  const client = useQueryClient();
  const path = `/devices/${encodeURIComponent(deviceId)}`;
  const strings = useQuery({
    queryKey: [...queryKeys.device(deviceId), "connection-strings"],
    queryFn: () => api<ConnectionStrings>(`${path}/connection-strings`),
    enabled: canSeeSecrets && device.authentication.type === "sas",
  });
  const [confirmKey, setConfirmKey] = useState<"primary" | "secondary" | null>(null);

  const setStatus = useMutation({
    mutationFn: (status: "enabled" | "disabled") =>
      api<DeviceIdentity>(path, { method: "PUT", headers: { "if-match": `"${device.etag}"` }, body: { ...device, status } }),
    onSuccess: (saved) => {
      client.setQueryData(queryKeys.device(deviceId), saved);
      toast("success", `Device ${saved.status === "enabled" ? "enabled" : "disabled"}`);
    },
    onError: (e: Error) => toast("error", `Could not change the status: ${e.message}`),
  });
  const regenerate = useMutation({
    mutationFn: (key: "primary" | "secondary") => api<DeviceIdentity>(`${path}/regenerate-key`, { method: "POST", body: { key } }),
    onSuccess: (_saved, key) => {
      setConfirmKey(null);
      void client.invalidateQueries({ queryKey: queryKeys.device(deviceId) });
      toast("success", `New ${key} key generated`);
    },
    onError: (e: Error) => {
      setConfirmKey(null);
      toast("error", `Could not regenerate the key: ${e.message}`);
    },
  });

  const connected = presence.state === "Connected";
  const keys = device.authentication.symmetricKey;
  return (
    <section aria-labelledby="identity-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="identity-heading" className="mb-3 font-semibold">
        Identity
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-500 dark:text-slate-400">Status</dt>
        <dd className="flex flex-wrap items-center gap-2" data-testid="device-status">
          <StatusBadge tone={device.status === "enabled" ? "ok" : "error"}>{device.status}</StatusBadge>
          {device.statusReason ? <span className="text-xs text-slate-500">{device.statusReason}</span> : null}
          {canWrite ? (
            <Button
              variant="secondary"
              className="!px-2 !py-0.5 text-xs"
              disabled={setStatus.isPending}
              onClick={() => setStatus.mutate(device.status === "enabled" ? "disabled" : "enabled")}
            >
              {device.status === "enabled" ? "Disable" : "Enable"}
            </Button>
          ) : null}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Connection</dt>
        <dd data-testid="device-connection">
          <StatusBadge tone={connected ? "ok" : "unknown"}>{connected ? "Connected" : "Disconnected"}</StatusBadge>{" "}
          <span className="text-xs">
            <PresenceLabel state={presence.state} since={presence.since} source={presence.source} now={now} />
          </span>
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Last activity</dt>
        <dd>{formatAge(device.lastActivityTime, now)}</dd>
        <dt className="text-slate-500 dark:text-slate-400">Authentication</dt>
        <dd data-testid="device-auth-type">{device.authentication.type === "sas" ? "Symmetric key (SAS)" : device.authentication.type}</dd>
        <dt className="text-slate-500 dark:text-slate-400">Edge</dt>
        <dd>{device.capabilities.iotEdge ? "IoT Edge device" : "Not an edge device"}</dd>
      </dl>

      {canSeeSecrets && device.authentication.type === "sas" ? (
        <div className="mt-4 border-t border-slate-200 pt-3 dark:border-slate-800" data-testid="device-secrets">
          <h3 className="text-sm font-medium">Keys and connection strings</h3>
          {keys.primaryKey ? <SecretValue label="Primary key" value={keys.primaryKey} /> : null}
          {keys.secondaryKey ? <SecretValue label="Secondary key" value={keys.secondaryKey} /> : null}
          {strings.isPending ? <div className="mt-2 h-6 animate-pulse rounded bg-slate-200 dark:bg-slate-800" aria-label="Loading connection strings" /> : null}
          {strings.isError ? <p role="alert" className="mt-2 text-xs text-red-600">{strings.error.message}</p> : null}
          {strings.data ? (
            <>
              <SecretValue label="Primary connection string" value={strings.data.primaryConnectionString} />
              <SecretValue label="Secondary connection string" value={strings.data.secondaryConnectionString} />
            </>
          ) : null}
          {canWrite ? (
            <div className="mt-3 flex gap-2">
              <Button variant="secondary" onClick={() => setConfirmKey("primary")}>Regenerate primary key</Button>
              <Button variant="secondary" onClick={() => setConfirmKey("secondary")}>Regenerate secondary key</Button>
            </div>
          ) : null}
        </div>
      ) : null}

      <ConfirmDialog
        open={confirmKey !== null}
        title={`Regenerate the ${confirmKey ?? ""} key?`}
        confirmLabel={`Regenerate ${confirmKey ?? ""} key`}
        busy={regenerate.isPending}
        onCancel={() => setConfirmKey(null)}
        onConfirm={() => confirmKey && regenerate.mutate(confirmKey)}
      >
        The device can no longer sign in with the current {confirmKey} key or a connection string made from it. Update the
        device&apos;s configuration with the new key.
      </ConfirmDialog>
    </section>
  );
}
