/**
 * The parts of lib/domain/deployments the console uses, imported file by file rather than through
 * the package index: the index also exports validateManifest, which pulls ajv into whatever page
 * imports it. The JSON Schemas are loaded lazily with Monaco (review-step.tsx).
 */
export { validateConfigurationId } from "@/lib/domain/deployments/configuration-id";
export { isLayeredContent } from "@/lib/domain/deployments/layered";
export { CREATE_OPTIONS_CHUNK_SIZE, CREATE_OPTIONS_PORTAL_LIMIT, chunkCreateOptions } from "@/lib/domain/deployments/create-options";
export { exportManifest, readManifest } from "@/lib/domain/deployments/manifest-io";
export { parseRoute, type ParsedRoute } from "@/lib/domain/deployments/routes";
