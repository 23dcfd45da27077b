import { AppError } from "@/lib/domain/errors";
import {
  applyManifestDefaults,
  checkDeployment,
  chunkAllCreateOptions,
  isLayeredContent,
  type ManifestProblem,
  type ModulesContent,
} from "@/lib/domain/deployments";
import { isJsonObject } from "@/lib/domain/twins";
import { planSectionWrite } from "@/lib/domain/twins/plan-section-write";

/** IoT Hub: 50 modules per deployment (reference §5.5); the 32 KB desired limit usually binds first. */
export const MAX_MODULES_PER_DEPLOYMENT = 50;

export type ContentCheck = { modulesContent: ModulesContent; layered: boolean; problems: ManifestProblem[]; defaulted: string[] };

/**
 * Everything a deployment's content must pass before it is stored or previewed: the manifest schema
 * of its schemaVersion, the route grammar and the linter's warnings (`checkDeployment`,
 * lib/domain/deployments), plus the twin rules for every desired section it writes (key rules,
 * depth, 32 KB) and the module limit.
 * Defaults the tools apply (store-and-forward TTL) and createOptions chunking are applied first, so
 * what is checked is what would be stored.
 */
export function checkDeploymentContent(input: Record<string, Record<string, unknown>>): ContentCheck {
  // Parsed from JSON by the route's schema, so every value is a JSON value.
  const { modulesContent: defaulted, applied } = applyManifestDefaults(input as ModulesContent);
  const modulesContent = chunkAllCreateOptions(defaulted);
  const problems: ManifestProblem[] = [];
  for (const [moduleId, entry] of Object.entries(modulesContent)) {
    const desired = entry["properties.desired"];
    if (desired === undefined) continue;
    const path = `${moduleId}.properties.desired`;
    if (!isJsonObject(desired)) {
      problems.push({ severity: "error", code: "DesiredNotObject", path, message: `${path} must be a JSON object` });
      continue;
    }
    try {
      planSectionWrite("desired", { doc: {}, metadata: {}, version: 0 }, desired, { mode: "replace", now: new Date(0).toISOString() });
    } catch (error) {
      const details = error instanceof AppError ? error.details : undefined;
      problems.push({
        severity: "error",
        code: "DesiredPropertiesInvalid",
        path: typeof details?.path === "string" ? `${moduleId}.${details.path}` : path,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const agentModules = modulesContent.$edgeAgent?.["properties.desired"];
  const moduleCount = isJsonObject(agentModules) && isJsonObject(agentModules.modules) ? Object.keys(agentModules.modules).length : 0;
  if (moduleCount > MAX_MODULES_PER_DEPLOYMENT) {
    problems.push({
      severity: "error",
      code: "TooManyModules",
      path: "$edgeAgent.properties.desired.modules",
      message: `A deployment holds at most ${MAX_MODULES_PER_DEPLOYMENT} modules (this one has ${moduleCount})`,
    });
  }
  // Schema and route errors, lint warnings not restating them (the domain's one entry point); errors first.
  const checked = checkDeployment(modulesContent);
  const ordered = [...checked.filter((p) => p.severity === "error"), ...problems, ...checked.filter((p) => p.severity === "warning")];
  return { modulesContent, layered: isLayeredContent(modulesContent), problems: ordered, defaulted: applied };
}

/** A 400 listing every error (first one in the message, all in `details.problems`). */
export function assertNoContentErrors(check: ContentCheck): void {
  const errors = check.problems.filter((p) => p.severity === "error");
  if (errors.length === 0) return;
  const first = errors[0]!;
  throw new AppError("ArgumentInvalid", `content.modulesContent is not a valid deployment: ${first.path}: ${first.message}`, {
    path: `content.modulesContent.${first.path}`,
    problems: errors,
  });
}
