"use client";

import { Button } from "@/components/ui/button";
import type { RouteDraft } from "./composer-draft";
import type { StepProps } from "./deployment-composer";
import { parseRoute, type ParsedRoute } from "./deployment-domain";
import { cardClass, inputClass } from "./deployment-format";
import { lintDraft, ProblemList, problemsAt, routePath } from "./draft-lint";
import { RouteGraph } from "./route-graph";

const ROUTE_NAME = /^[^.$# ]+$/;

function routeProblem(r: RouteDraft, names: string[], parsed: ReturnType<typeof parseRoute>): string | null {
  if (!ROUTE_NAME.test(r.name)) return "Route names cannot be empty or contain . $ # or spaces";
  if (names.filter((n) => n === r.name).length > 1) return "Two routes have this name";
  return parsed.ok ? null : parsed.message;
}

/** Step 2: edgeHub routes (grammar-checked as you type, reference §7), their graph, store-and-forward. */
export function RoutesStep({ draft, onChange }: StepProps) {
  const routes = draft.routes;
  const moduleNames = draft.modules.map((m) => m.name);
  const set = (i: number, patch: Partial<RouteDraft>) => onChange({ ...draft, routes: routes.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const parsedAll = routes.map((r) => parseRoute(r.route));
  const lint = lintDraft(draft);
  const valid = routes.flatMap((r, i) => {
    const p = parsedAll[i]!;
    return p.ok ? [{ name: r.name, parsed: p.route as ParsedRoute }] : [];
  });
  return (
    <div className="space-y-4">
      <section aria-labelledby="routes-heading" className={`${cardClass} space-y-3`}>
        <h2 id="routes-heading" className="font-semibold">
          Routes
        </h2>
        {routes.map((r, i) => {
          const parsed = parsedAll[i]!;
          const problem = routeProblem(r, routes.map((x) => x.name), parsed);
          // The linter re-reports syntax errors; with one shown above, only its other findings are listed.
          const lintProblems = problemsAt(lint, routePath(r.name)).filter((p) => !problem || p.message !== problem);
          return (
            <div key={i} className="grid gap-2 rounded border border-slate-200 p-2 md:grid-cols-[10rem_1fr_6rem_7rem_auto] dark:border-slate-800" data-testid={`route-${i}`}>
              <input aria-label={`Route ${i + 1} name`} value={r.name} onChange={(e) => set(i, { name: e.target.value })} className={inputClass} placeholder="name" />
              <div>
                <input aria-label={`Route ${i + 1}`} value={r.route} onChange={(e) => set(i, { route: e.target.value })} aria-invalid={Boolean(problem)} className={`${inputClass} font-mono text-xs`} placeholder='FROM /messages/modules/a/outputs/out INTO BrokeredEndpoint("/modules/b/inputs/in")' spellCheck={false} />
                <p role={problem ? "alert" : undefined} className={`mt-1 text-xs ${problem ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}>
                  {problem ?? "Valid route"}
                </p>
                <ProblemList problems={problem ? lintProblems.filter((p) => p.severity === "warning") : lintProblems} />
              </div>
              <input aria-label={`Route ${i + 1} priority`} value={r.priority} onChange={(e) => set(i, { priority: e.target.value.replace(/\D/g, "").slice(0, 1) })} placeholder="priority 0-9" inputMode="numeric" className={inputClass} />
              <input aria-label={`Route ${i + 1} time to live (s)`} value={r.ttl} onChange={(e) => set(i, { ttl: e.target.value.replace(/\D/g, "") })} placeholder="TTL s" inputMode="numeric" className={inputClass} />
              <Button variant="secondary" aria-label={`Remove route ${i + 1}`} onClick={() => onChange({ ...draft, routes: routes.filter((_, j) => j !== i) })}>
                ×
              </Button>
            </div>
          );
        })}
        <Button variant="secondary" onClick={() => onChange({ ...draft, routes: [...routes, { name: `route${routes.length + 1}`, route: "", priority: "", ttl: "" }] })}>
          Add route
        </Button>
      </section>
      <section aria-labelledby="route-graph-heading" className={cardClass}>
        <h2 id="route-graph-heading" className="mb-2 font-semibold">
          Message flow
        </h2>
        <RouteGraph routes={valid} moduleNames={moduleNames} />
      </section>
      {draft.layered ? null : (
        <section className={cardClass}>
          <label className="block max-w-xs text-sm">
            <span className="mb-1 block font-medium">Store-and-forward time to live (seconds)</span>
            <input value={draft.storeTtl} onChange={(e) => onChange({ ...draft, storeTtl: e.target.value.replace(/[^\d-]/g, "") })} inputMode="numeric" className={inputClass} />
            <span className="mt-1 block text-xs text-slate-500">How long edgeHub keeps messages it cannot deliver upstream (default 7200).</span>
          </label>
        </section>
      )}
    </div>
  );
}
