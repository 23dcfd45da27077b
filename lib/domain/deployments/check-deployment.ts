import { lintDeployment, type LintContext } from "./lint";
import { validateManifest } from "./manifest-schema";
import type { ManifestProblem, ModulesContent } from "./types";

/**
 * validateManifest and lintDeployment together, for a form or an API response: where both name the
 * same field, the validator's error stands and the linter's restatement is dropped. Errors first.
 */
export function checkDeployment(mc: ModulesContent, ctx?: LintContext): ManifestProblem[] {
  const errors = validateManifest(mc);
  const covered = new Set(errors.map((p) => p.path));
  const lint = lintDeployment(mc, ctx).filter((p) => !(covered.has(p.path) && (p.severity === "error" || p.code === "MissingStoreAndForward")));
  const all = [...errors, ...lint];
  return [...all.filter((p) => p.severity === "error"), ...all.filter((p) => p.severity === "warning")];
}
