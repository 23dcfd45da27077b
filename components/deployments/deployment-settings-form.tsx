"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { queryKeys } from "@/components/live/query-keys";
import { api, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import type { Pair } from "./composer-draft";
import { cardClass, inputClass } from "./deployment-format";
import type { Configuration } from "./deployment-types";
import { PairListEditor } from "./pair-list-editor";

const toPairs = (o: Record<string, string>): Pair[] => Object.entries(o ?? {}).map(([key, value]) => ({ key, value }));
const toObject = (pairs: Pair[]) => Object.fromEntries(pairs.filter((p) => p.key.trim()).map((p) => [p.key.trim(), p.value]));

/**
 * The fields IoT Hub lets change after create (priority, target condition, labels, metrics; §5.1).
 * Saved with If-Match on the etag the form was opened with, so a concurrent edit is refused (412).
 */
export function DeploymentSettingsForm({ configuration, onDone }: { configuration: Configuration; onDone: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [priority, setPriority] = useState(String(configuration.priority));
  const [targetCondition, setTargetCondition] = useState(configuration.targetCondition);
  const [labels, setLabels] = useState(toPairs(configuration.labels));
  const [metrics, setMetrics] = useState(toPairs(configuration.metrics?.queries ?? {}));
  const [error, setError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: () =>
      api<Configuration>(`/configurations/${encodeURIComponent(configuration.id)}`, {
        method: "PUT",
        headers: { "if-match": configuration.etag.startsWith('"') ? configuration.etag : `"${configuration.etag}"` },
        body: {
          id: configuration.id,
          schemaVersion: configuration.schemaVersion,
          content: configuration.content,
          priority: Number(priority),
          targetCondition,
          labels: toObject(labels),
          metrics: { queries: toObject(metrics) },
        },
      }),
    onSuccess: (saved) => {
      client.setQueryData(queryKeys.deployment(configuration.id), saved);
      void client.invalidateQueries({ queryKey: queryKeys.deployments() });
      toast("success", `Saved ${configuration.id}`);
      onDone();
    },
    onError: (e: Error) => {
      const message =
        e instanceof ApiError && e.status === 412
          ? "Not saved: someone changed this deployment since you opened the form. Cancel and edit again."
          : `Not saved: ${e instanceof ApiError && e.details?.field ? `${String(e.details.field)}: ` : ""}${e.message}`;
      setError(message);
      toast("error", message);
    },
  });

  const isPriorityValid = /^\d+$/.test(priority.trim());
  return (
    <form
      aria-label="Edit deployment settings"
      className={`${cardClass} space-y-4`}
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        save.mutate();
      }}
    >
      <div className="grid gap-4 md:grid-cols-[10rem_1fr]">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Priority</span>
          <input value={priority} onChange={(e) => setPriority(e.target.value)} inputMode="numeric" aria-invalid={!isPriorityValid} className={inputClass} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Target condition</span>
          <input value={targetCondition} onChange={(e) => setTargetCondition(e.target.value)} className={`${inputClass} font-mono`} />
        </label>
      </div>
      <PairListEditor legend="Labels" keyLabel="Label" valueLabel="Value" pairs={labels} onChange={setLabels} />
      <PairListEditor legend="Custom metrics" keyLabel="Metric" valueLabel="Query" pairs={metrics} onChange={setMetrics} max={5} multilineValue />
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={save.isPending || !isPriorityValid}>
          {save.isPending ? "Saving…" : "Save changes"}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
