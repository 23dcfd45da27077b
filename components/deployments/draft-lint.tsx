import { lintDeployment } from "@/lib/domain/deployments/lint";
import type { ComposerDraft } from "./composer-draft";
import { toModulesContent } from "./composer-draft-write";
import type { ManifestProblem } from "./deployment-types";

/**
 * The domain's deployment linter over the draft, run in the browser as the operator types (routes to
 * absent modules, images without credentials or tag, case clashes, long createOptions…). The server
 * runs the same checks plus the schema on review.
 */
export const lintDraft = (draft: ComposerDraft): ManifestProblem[] => lintDeployment(toModulesContent(draft));

/** Problems at `path` or below it. */
export const problemsAt = (problems: ManifestProblem[], path: string) => problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`));

export const modulePath = (name: string) => `$edgeAgent.properties.desired.modules.${name}`;
export const routePath = (name: string) => `$edgeHub.properties.desired.routes.${name}`;

export function ProblemList({ problems }: { problems: ManifestProblem[] }) {
  if (!problems.length) return null;
  return (
    <ul className="space-y-0.5 text-xs" aria-label="Problems">
      {problems.map((p, i) => (
        <li key={`${p.code}-${i}`} className={p.severity === "error" ? "text-red-600 dark:text-red-400" : "text-amber-700 dark:text-amber-400"}>
          {p.severity === "error" ? "Error" : "Warning"}: {p.message}
        </li>
      ))}
    </ul>
  );
}
