"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { queryKeys } from "@/components/live/query-keys";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { Dialog } from "./dialog";
import { createDevice, deleteDevice, fetchDeleteImpact } from "./fleet-api";

export function CreateDeviceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const toast = useToast();
  const client = useQueryClient();
  const [deviceId, setDeviceId] = useState("");
  const [edge, setEdge] = useState(false);
  const create = useMutation({
    mutationFn: () => createDevice(deviceId.trim(), edge),
    onSuccess: () => {
      toast("success", `Created ${edge ? "edge device" : "device"} ${deviceId.trim()}`);
      void client.invalidateQueries({ queryKey: queryKeys.fleet() });
      setDeviceId("");
      setEdge(false);
      onClose();
    },
    onError: (error) => toast("error", `Could not create the device: ${error.message}`),
  });
  return (
    <Dialog title="Create device" open={open} onClose={onClose}>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (deviceId.trim()) create.mutate();
        }}
      >
        <Field label="Device id" value={deviceId} maxLength={128} required onChange={(e) => setDeviceId(e.target.value)} error={create.error?.message} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="h-4 w-4" checked={edge} onChange={(e) => setEdge(e.target.checked)} />
          IoT Edge device (creates the $edgeAgent and $edgeHub modules)
        </label>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={!deviceId.trim() || create.isPending}>
            Create
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Delete with an impact preview: the modules that go with the device and the deployments it is in. */
export function DeleteDeviceDialog({ deviceId, onClose }: { deviceId: string | null; onClose: () => void }) {
  const toast = useToast();
  const client = useQueryClient();
  const impact = useQuery({ queryKey: ["delete-impact", deviceId], queryFn: () => fetchDeleteImpact(deviceId!), enabled: deviceId !== null });
  const remove = useMutation({
    mutationFn: () => deleteDevice(deviceId!),
    onSuccess: () => {
      toast("success", `Deleted ${deviceId}`);
      void client.invalidateQueries({ queryKey: queryKeys.fleet() });
      onClose();
    },
    onError: (error) => toast("error", `Could not delete ${deviceId}: ${error.message}`),
  });
  return (
    <Dialog title={`Delete ${deviceId ?? ""}?`} open={deviceId !== null} onClose={onClose}>
      {impact.isPending ? <div className="h-16 animate-pulse rounded bg-slate-100 dark:bg-slate-800" aria-label="Loading impact" /> : null}
      {impact.isError ? <p role="alert" className="text-sm text-red-600">{impact.error.message}</p> : null}
      {impact.data ? (
        <div className="space-y-2 text-sm" data-testid="delete-impact">
          <p>
            {impact.data.modules.length === 0
              ? "The device has no module identities."
              : `${impact.data.modules.length} module identit${impact.data.modules.length === 1 ? "y" : "ies"} will be removed with it:`}
          </p>
          {impact.data.modules.length ? (
            <ul className="list-inside list-disc font-mono">
              {impact.data.modules.map((m) => (
                <li key={m.moduleId}>{m.moduleId}</li>
              ))}
            </ul>
          ) : null}
          <p>
            {impact.data.deployments.tracked
              ? `${impact.data.deployments.items.length} deployments target it${
                  impact.data.deployments.items.length ? ` (${impact.data.deployments.items.map((d) => d.id).join(", ")}); they stay and stop counting it` : ""
                }.`
              : "0 deployments: deployments are not tracked by this hub yet, so none can be affected."}
          </p>
          <p>Its identity, keys and twin are deleted; this cannot be undone.</p>
        </div>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="button" variant="danger" disabled={!impact.data || remove.isPending} onClick={() => remove.mutate()}>
          Delete device
        </Button>
      </div>
    </Dialog>
  );
}
