"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { JsonCodeEditor } from "@/components/json-editor";
import { queryKeys } from "@/components/live/query-keys";
import { useCan } from "@/components/shell/current-user";
import { api, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { toConfiguration } from "./composer-draft-write";
import type { StepProps } from "./deployment-composer";
import { cardClass } from "./deployment-format";
import type { ConfigurationInput, DeploymentPreview, ManifestProblem } from "./deployment-types";
import { ImpactPreview } from "./impact-preview";
import { useDebounced } from "@/components/ui/use-debounced";

function parse(text: string): { value: ConfigurationInput | null; error: string | null } {
  try {
    const value = JSON.parse(text) as ConfigurationInput;
    return value && typeof value === "object" && !Array.isArray(value) ? { value, error: null } : { value: null, error: "The deployment must be a JSON object" };
  } catch (e) {
    return { value: null, error: (e as Error).message };
  }
}

/**
 * DEPLOYMENT_SCHEMA, loaded after the page rather than with it: it is large, and its module also
 * re-exports validateManifest (ajv).
 */
function useDeploymentSchema(): object | undefined {
  const [schema, setSchema] = useState<object>();
  useEffect(() => {
    let isCurrent = true;
    void import("@/lib/domain/deployments/manifest-schema").then(({ DEPLOYMENT_SCHEMA }) => {
      if (isCurrent) setSchema(DEPLOYMENT_SCHEMA);
    });
    return () => {
      isCurrent = false;
    };
  }, []);
  return schema;
}

/**
 * Step 4: the whole deployment as JSON (schema-checked in Monaco, editable), the server's validation
 * with paths, and the impact on every targeted device, all before anything is written; then Create.
 */
export function ReviewStep({ draft }: StepProps) {
  const router = useRouter();
  const toast = useToast();
  const client = useQueryClient();
  const canWrite = useCan("deployments.write");
  const generated = useMemo(() => JSON.stringify(toConfiguration(draft), null, 2), [draft]);
  const [text, setText] = useState(generated);
  const parsed = useMemo(() => parse(text), [text]);
  const schema = useDeploymentSchema();
  const settled = useDebounced(parsed.value, 500);
  const body = settled ? { configuration: settled } : null;

  const validation = useQuery({
    queryKey: ["deployments", "composer", "validate", body],
    // /validate takes the configuration itself (or a bare manifest); /preview takes {configuration}.
    queryFn: () => api<{ problems: ManifestProblem[] }>("/configurations/validate", { method: "POST", body: settled! }),
    enabled: body !== null,
    retry: false,
  });
  const preview = useQuery({
    queryKey: ["deployments", "composer", "preview", body],
    queryFn: () => api<DeploymentPreview>("/configurations/preview", { method: "POST", body: body! }),
    enabled: body !== null,
    retry: false,
  });
  const create = useMutation({
    mutationFn: (c: ConfigurationInput) => api<{ id: string }>(`/configurations/${encodeURIComponent(c.id)}`, { method: "PUT", body: c }),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: queryKeys.deployments() });
      toast("success", `Created deployment ${saved.id}`);
      router.push(`/deployments/${encodeURIComponent(saved.id)}`);
    },
    onError: (e: Error) => toast("error", `Not created: ${e instanceof ApiError && e.details?.field ? `${String(e.details.field)}: ` : ""}${e.message}`),
  });

  const problems = validation.data?.problems ?? [];
  const errors = problems.filter((p) => p.severity === "error");
  const isCurrent = settled === parsed.value;
  const canCreate = canWrite && parsed.value !== null && isCurrent && validation.isSuccess && errors.length === 0 && preview.isSuccess && !create.isPending;
  return (
    <div className="space-y-4">
      <section aria-labelledby="review-json-heading" className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="review-json-heading" className="font-semibold">
            Deployment JSON
          </h2>
          {text !== generated ? (
            <p className="text-xs text-amber-700 dark:text-amber-400">
              Edited by hand: what you see is what will be created. Going back to an earlier step discards these edits.{" "}
              <button type="button" className="underline" onClick={() => setText(generated)}>
                Reset to the composer&apos;s
              </button>
            </p>
          ) : null}
        </div>
        <JsonCodeEditor path={`composer/${draft.id || "new"}/deployment.json`} value={text} onChange={setText} schema={schema} ariaLabel="Deployment JSON" height="28rem" />
        {parsed.error ? <p role="alert" className="text-xs text-red-600">Not valid JSON: {parsed.error}</p> : null}
      </section>
      <section aria-labelledby="review-problems-heading" className={cardClass}>
        <h2 id="review-problems-heading" className="mb-2 font-semibold">
          Validation
        </h2>
        {validation.isError ? (
          <p role="alert" className="text-sm text-red-600">
            {validation.error.message}
            {validation.error instanceof ApiError && validation.error.path ? ` (${validation.error.path})` : ""}
          </p>
        ) : !validation.data || !isCurrent ? (
          <p className="text-sm text-slate-500">Checking…</p>
        ) : problems.length === 0 ? (
          <p className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="validation-ok">
            No problems found.
          </p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="validation-problems">
            {problems.map((p, i) => (
              <li key={i} className={p.severity === "error" ? "text-red-700 dark:text-red-400" : "text-amber-700 dark:text-amber-400"}>
                <span className="font-medium">{p.severity}</span> <code className="text-xs">{p.path}</code>: {p.message}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ImpactPreview preview={preview.data} error={preview.error} isLoading={!preview.data || !isCurrent} />
      <div className="flex items-center gap-3">
        <Button onClick={() => parsed.value && create.mutate(parsed.value)} disabled={!canCreate}>
          {create.isPending ? "Creating…" : "Create deployment"}
        </Button>
        {!canWrite ? <span className="text-sm text-slate-500">Your role cannot create deployments.</span> : errors.length ? <span className="text-sm text-red-600">Fix the errors above first.</span> : null}
      </div>
    </div>
  );
}
