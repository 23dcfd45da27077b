import type { JsonObject, JsonValue } from "../twins";

/**
 * Shapes shared by the deployment domain (reference §5, §6). The data layer and the console code
 * against these names, so they stay stable; helpers may add exports but not rename these.
 */

/** `"$edgeAgent" -> {"properties.desired": {…}}`, or layered `{"properties.desired.modules.x": {…}}`. */
export type ModulesContent = Record<string, Record<string, JsonValue>>;

export type ManifestProblem = {
  severity: "error" | "warning";
  code: string;
  /** JSON path naming the field, e.g. `$edgeAgent.properties.desired.modules.filter.settings.image`. */
  path: string;
  message: string;
  /** Character offset inside a route string, for route syntax errors. */
  offset?: number;
};

export type DeploymentForMerge = { id: string; priority: number; createdTimeUtc: string; modulesContent: ModulesContent };

export type DeploymentStatus = "Applied" | "Targeted";

export type MergeResult = {
  /** Winning base deployment id, or null when no base deployment matches. */
  base: string | null;
  /** Every input deployment. */
  statusById: Record<string, DeploymentStatus>;
  /** `$edgeAgent`, `$edgeHub` and custom module ids -> the complete desired document to write (no `$version`/`$metadata`). Empty when no base applies. */
  desiredByModule: Record<string, JsonObject>;
  /** `$edgeAgent/modules/<m>`, `$edgeAgent/systemModules/edgeHub`, `$edgeAgent/runtime`, `$edgeHub/routes/<r>`, `$edgeHub/storeAndForwardConfiguration`, `<module>/<path>` -> deployment id. */
  provenance: Record<string, string>;
};

export type DesiredImpact = { added: string[]; removed: string[]; changed: string[]; restarted: string[]; resetTwins: string[] };
