import type { JsonObject } from "../twins";
import { AGENT_DEFINITIONS } from "./schema-agent";
import { HUB_DEFINITIONS } from "./schema-hub";

/**
 * Every definition of the deployment schemas in one map, so any root can `$ref` `#/definitions/…`
 * and ajv can load them once. Plain JSON: Monaco gets the same objects.
 */
const MODULE_NAME = "^[a-zA-Z0-9_-]+$";

const modulesContent = {
  type: "object",
  description: "Module twin name -> {\"properties.desired\": {…}}, or for a layered deployment {\"properties.desired.<path>\": value}",
  properties: {
    $edgeAgent: {
      type: "object",
      properties: { "properties.desired": { $ref: "#/definitions/agentDesired" } },
      patternProperties: {
        "^properties\\.desired\\.modules\\.[a-zA-Z0-9_-]+$": { $ref: "#/definitions/module_1_1" },
        "^properties\\.desired\\.": {},
      },
      additionalProperties: false,
    },
    $edgeHub: {
      type: "object",
      properties: { "properties.desired": { $ref: "#/definitions/hubDesired" } },
      patternProperties: {
        "^properties\\.desired\\.routes\\.[^.$# ]+$": { $ref: "#/definitions/route" },
        "^properties\\.desired\\.storeAndForwardConfiguration$": { $ref: "#/definitions/storeAndForwardConfiguration" },
        "^properties\\.desired\\.": {},
      },
      additionalProperties: false,
    },
  },
  patternProperties: {
    [MODULE_NAME]: {
      type: "object",
      properties: { "properties.desired": { type: "object", description: "The module twin's desired properties" } },
      patternProperties: { "^properties\\.desired\\..+$": {} },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

export const DEPLOYMENT_DEFINITIONS: JsonObject = {
  ...AGENT_DEFINITIONS,
  ...HUB_DEFINITIONS,
  agentDesired: {
    if: { required: ["schemaVersion"], properties: { schemaVersion: { pattern: "^1\\.0(\\.|$)" } } },
    then: { $ref: "#/definitions/agentDesired_1_0" },
    else: { $ref: "#/definitions/agentDesired_1_1" },
  },
  modulesContent,
  manifest: { type: "object", required: ["modulesContent"], properties: { modulesContent: { $ref: "#/definitions/modulesContent" } } },
  deployment: {
    type: "object",
    required: ["id", "content"],
    properties: {
      id: { type: "string", minLength: 1, maxLength: 128, pattern: '^[^A-Z\\s&^\\[\\]{}\\\\|"<>/]+$', description: "lower-case, no spaces, none of & ^ [ ] { } \\ | \" < > /" },
      schemaVersion: { type: ["string", "null"] },
      labels: { type: "object", additionalProperties: { type: "string" } },
      content: { type: "object", required: ["modulesContent"], properties: { modulesContent: { $ref: "#/definitions/modulesContent" } }, additionalProperties: false },
      targetCondition: { type: "string", examples: ["tags.environment='prod'", "*"] },
      priority: { type: "integer", description: "higher wins; ties go to the most recently created deployment" },
      metrics: {
        type: "object",
        properties: { queries: { type: "object", maxProperties: 5, additionalProperties: { type: "string" } }, results: { type: "object" } },
      },
      etag: { type: "string" },
      createdTimeUtc: { type: "string" },
      lastUpdatedTimeUtc: { type: "string" },
      systemMetrics: { type: "object" },
    },
  },
};
