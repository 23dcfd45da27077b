import type { JsonObject } from "../twins";
import { DEPLOYMENT_DEFINITIONS } from "./schema-definitions";

/**
 * The deployment JSON Schemas (draft-07, plain JSON) shared by Monaco in the console and by
 * validateManifest. Each root carries every definition so it can be registered with Monaco alone.
 */
const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

const root = (title: string, definition: string): JsonObject => ({
  $schema: DRAFT_07,
  title,
  definitions: DEPLOYMENT_DEFINITIONS,
  allOf: [{ $ref: `#/definitions/${definition}` }],
});

export const EDGE_AGENT_DESIRED_SCHEMA_1_0 = root("IoT Edge $edgeAgent desired properties, schemaVersion 1.0", "agentDesired_1_0");
export const EDGE_AGENT_DESIRED_SCHEMA_1_1 = root("IoT Edge $edgeAgent desired properties, schemaVersion 1.1", "agentDesired_1_1");
/** Picks 1.0 or 1.1 by the document's schemaVersion: the one to give Monaco for an `$edgeAgent` editor. */
export const EDGE_AGENT_DESIRED_SCHEMA = root("IoT Edge $edgeAgent desired properties", "agentDesired");
export const EDGE_HUB_DESIRED_SCHEMA = root("IoT Edge $edgeHub desired properties, schemaVersion 1.0-1.3", "hubDesired");
/** A `{modulesContent}` manifest file (what VS Code and `az iot edge set-modules` use). */
export const MANIFEST_SCHEMA = root("IoT Edge deployment manifest", "manifest");
/** A whole IoT Hub configuration: {id, labels, content: {modulesContent}, targetCondition, priority, metrics}. */
export const DEPLOYMENT_SCHEMA = root("IoT Edge deployment", "deployment");

export { validateManifest } from "./validate-manifest";
