"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { api, ApiError } from "@/components/ui/api-client";
import type { StepProps } from "./deployment-composer";
import { validateConfigurationId } from "./deployment-domain";
import { cardClass, inputClass } from "./deployment-format";
import { PairListEditor } from "./pair-list-editor";
import { useDebounced } from "@/components/ui/use-debounced";

/** Step 3: id, base or layered, target condition (with a live count of matching devices), priority, labels, metrics. */
export function TargetStep({ draft, onChange }: StepProps) {
  const set = (patch: Partial<typeof draft>) => onChange({ ...draft, ...patch });
  const condition = useDebounced(draft.targetCondition, 400);
  const match = useQuery({
    queryKey: ["deployments", "composer", "target", condition],
    queryFn: () => api<{ count: number; sample: string[] }>("/configurations/testTargetCondition", { method: "POST", body: { targetCondition: condition } }),
    enabled: condition.trim() !== "",
    retry: false,
    staleTime: 10_000,
  });
  const idProblem = draft.id ? validateConfigurationId(draft.id) : "A deployment needs an id";
  const offset = match.error instanceof ApiError && typeof match.error.details?.offset === "number" ? match.error.details.offset : null;
  return (
    <div className="space-y-4">
      <section className={`${cardClass} grid gap-4 md:grid-cols-[1fr_10rem]`}>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Deployment id</span>
          <input value={draft.id} onChange={(e) => set({ id: e.target.value })} aria-invalid={Boolean(idProblem)} className={inputClass} placeholder="prod-base-2026-11" />
          {idProblem ? <span className="mt-1 block text-xs text-red-600" role="alert">{idProblem}</span> : null}
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Priority</span>
          <input value={draft.priority} onChange={(e) => set({ priority: e.target.value.replace(/\D/g, "") })} inputMode="numeric" className={inputClass} />
        </label>
        <fieldset className="md:col-span-2">
          <legend className="mb-1 text-sm font-medium">Kind</legend>
          <div className="flex gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="deployment-kind" checked={!draft.layered} onChange={() => set({ layered: false })} /> Base: the complete runtime, modules and routes
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="deployment-kind" checked={draft.layered} onChange={() => set({ layered: true })} /> Layered: adds modules and routes on top of a base (needs a higher priority)
            </label>
          </div>
        </fieldset>
      </section>
      <section className={`${cardClass} space-y-2`}>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Target condition</span>
          <input
            value={draft.targetCondition}
            onChange={(e) => set({ targetCondition: e.target.value })}
            aria-invalid={match.isError}
            aria-describedby="target-match"
            className={`${inputClass} font-mono`}
            placeholder="tags.environment='prod' AND tags.site='plant-7'"
            spellCheck={false}
          />
        </label>
        <div id="target-match" aria-live="polite" className="text-sm">
          {match.isError ? (
            <p className="text-red-600 dark:text-red-400" role="alert">
              {match.error.message}
              {offset !== null ? ` (at ${offset}: “${draft.targetCondition.slice(offset, offset + 12)}”)` : ""}
            </p>
          ) : match.data ? (
            <>
              <p data-testid="target-count">
                <strong>{match.data.count}</strong> edge device{match.data.count === 1 ? "" : "s"} match now
              </p>
              {match.data.sample.length ? (
                <p className="text-xs text-slate-500">
                  e.g.{" "}
                  {match.data.sample.map((id, i) => (
                    <span key={id}>
                      {i ? ", " : ""}
                      <Link href={`/devices/${encodeURIComponent(id)}`} className="underline-offset-2 hover:underline">
                        {id}
                      </Link>
                    </span>
                  ))}
                </p>
              ) : null}
            </>
          ) : (
            <p className="text-slate-500">Counting matching devices…</p>
          )}
        </div>
      </section>
      <section className={`${cardClass} grid gap-6 lg:grid-cols-2`}>
        <PairListEditor legend="Labels" keyLabel="Label" valueLabel="Value" pairs={draft.labels} onChange={(labels) => set({ labels })} />
        <PairListEditor legend="Custom metrics (up to 5)" keyLabel="Metric" valueLabel="Query" pairs={draft.metrics} onChange={(metrics) => set({ metrics })} max={5} multilineValue />
      </section>
    </div>
  );
}
