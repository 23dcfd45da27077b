"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { queryKeys } from "@/components/live/query-keys";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { emptyDraft, type ComposerDraft } from "./composer-draft";
import { fromModulesContent } from "./composer-draft-read";
import type { Configuration } from "./deployment-types";
import { readImportedManifest } from "./manifest-stash";
import { ModulesStep } from "./modules-step";
import { ReviewStep } from "./review-step";
import { RoutesStep } from "./routes-step";
import { TargetStep } from "./target-step";

const STEPS = [
  { id: "modules", label: "1. Modules" },
  { id: "routes", label: "2. Routes" },
  { id: "target", label: "3. Target" },
  { id: "review", label: "4. Review and create" },
] as const;
type StepId = (typeof STEPS)[number]["id"];

export type StepProps = { draft: ComposerDraft; onChange: (next: ComposerDraft) => void };

const pairs = (o: Record<string, string> | undefined) => Object.entries(o ?? {}).map(([key, value]) => ({ key, value }));

/** A copy of a stored deployment in the composer: new id, same content and settings. */
function draftFromConfiguration(c: Configuration): ComposerDraft {
  return fromModulesContent(c.content.modulesContent, {
    id: `${c.id}-copy`.slice(0, 128),
    targetCondition: c.targetCondition,
    priority: String(c.priority),
    labels: pairs(c.labels),
    metrics: pairs(c.metrics?.queries),
  });
}

/**
 * The deployment wizard: Modules, Routes, Target, Review. The step lives in the URL (`?step=`,
 * written with history.replaceState so switching steps is no server round trip); the draft lives in
 * this component. `?from={id}` starts from a copy of a deployment, `?source=import` from the manifest
 * the import dialog read.
 */
export function DeploymentComposer() {
  const params = useSearchParams();
  const pathname = usePathname();
  const from = params.get("from");
  const isImport = params.get("source") === "import";
  const [step, setStepState] = useState<StepId>(() => (STEPS.some((s) => s.id === params.get("step")) ? (params.get("step") as StepId) : "modules"));
  const [draft, setDraft] = useState<ComposerDraft | null>(() => (from ? null : emptyDraft()));
  const source = useQuery({ queryKey: queryKeys.deployment(from ?? ""), queryFn: () => api<Configuration>(`/configurations/${encodeURIComponent(from!)}`), enabled: Boolean(from) });

  useEffect(() => {
    if (from && source.data && draft === null) setDraft(draftFromConfiguration(source.data));
  }, [from, source.data, draft]);
  useEffect(() => {
    if (!isImport) return;
    const mc = readImportedManifest();
    if (mc) setDraft(fromModulesContent(mc));
  }, [isImport]);

  function setStep(next: StepId) {
    setStepState(next);
    const query = new URLSearchParams(params.toString());
    query.set("step", next);
    window.history.replaceState(null, "", `${pathname}?${query}`);
    window.scrollTo({ top: 0 });
  }

  if (from && source.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load {from} to copy: {source.error.message}
      </p>
    );
  }
  if (!draft) return <div className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" role="status" aria-label="Loading deployment to copy" />;

  const index = STEPS.findIndex((s) => s.id === step);
  return (
    <div className="space-y-4">
      {from ? <p className="text-sm text-slate-500">A copy of {from}: content is immutable once created, so changes are made in a new deployment.</p> : null}
      {isImport ? <p className="text-sm text-slate-500" data-testid="composer-imported">Imported manifest: {draft.modules.length} modules, {draft.routes.length} routes.</p> : null}
      <nav aria-label="Composer steps">
        <ol className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800">
          {STEPS.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                aria-current={s.id === step ? "step" : undefined}
                onClick={() => setStep(s.id)}
                className={`-mb-px border-b-2 px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-500 ${
                  s.id === step ? "border-sky-600 font-semibold text-sky-700 dark:text-sky-400" : "border-transparent text-slate-600 dark:text-slate-400"
                }`}
              >
                {s.label}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      {step === "modules" ? (
        <ModulesStep draft={draft} onChange={setDraft} />
      ) : step === "routes" ? (
        <RoutesStep draft={draft} onChange={setDraft} />
      ) : step === "target" ? (
        <TargetStep draft={draft} onChange={setDraft} />
      ) : (
        <ReviewStep draft={draft} onChange={setDraft} />
      )}
      <div className="flex justify-between border-t border-slate-200 pt-3 dark:border-slate-800">
        <Button variant="secondary" onClick={() => setStep(STEPS[index - 1]!.id)} disabled={index === 0}>
          Back
        </Button>
        {index < STEPS.length - 1 ? <Button onClick={() => setStep(STEPS[index + 1]!.id)}>Next: {STEPS[index + 1]!.label.replace(/^\d\. /, "")}</Button> : null}
      </div>
    </div>
  );
}
