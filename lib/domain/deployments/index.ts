export type { DeploymentForMerge, DeploymentStatus, DesiredImpact, ManifestProblem, MergeResult, ModulesContent } from "./types";
export { CONFIGURATION_ID_MAX_LENGTH, validateConfigurationId } from "./configuration-id";
export { DESIRED_KEY, dottedDesiredPath, isLayeredContent } from "./layered";
export { mergeDeployments } from "./merge";
export { deviceConfigurationMetricQueries, systemMetricQueries, type SystemMetricQueries } from "./metrics";
export { parseRoute, routeText, type ParseRouteResult, type ParsedRoute, type RouteSink, type RouteWarning } from "./routes";
export { ROUTE_FUNCTIONS, SYSTEM_PROPERTIES } from "./route-condition";
export {
  CREATE_OPTIONS_CHUNK_SIZE,
  CREATE_OPTIONS_MAX_CHUNKS,
  CREATE_OPTIONS_PORTAL_LIMIT,
  chunkAllCreateOptions,
  chunkCreateOptions,
  createOptionsKeys,
  isCreateOptionsKey,
  joinChunkSequence,
  joinCreateOptions,
  type JoinResult,
} from "./create-options";
export { exportManifest, readManifest, type ReadManifestResult } from "./manifest-io";
export {
  DEPLOYMENT_SCHEMA,
  EDGE_AGENT_DESIRED_SCHEMA,
  EDGE_AGENT_DESIRED_SCHEMA_1_0,
  EDGE_AGENT_DESIRED_SCHEMA_1_1,
  EDGE_HUB_DESIRED_SCHEMA,
  MANIFEST_SCHEMA,
  validateManifest,
} from "./manifest-schema";
export { applyManifestDefaults, lintDeployment, type LintContext } from "./lint";
export { DEFAULT_TIME_TO_LIVE_SECS } from "./manifest-defaults";
export { checkDeployment } from "./check-deployment";
export { DEFAULT_PUBLIC_REGISTRY_HOSTS, hasTagOrDigest, imageRegistryHost, normalizeRegistryHost } from "./image-registry";
export { compareDesired } from "./impact";
export { rolloutState, type RolloutFailure, type RolloutFailureKind, type RolloutState } from "./rollout";
export { jsonErrorOffset } from "./json-error-offset";
