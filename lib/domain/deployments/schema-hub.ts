import type { JsonObject } from "../twins";

/**
 * draft-07 definitions for `$edgeHub` desired properties, schema 1.0–1.3 in one document (reference
 * §6.4, after the CLI's `azure-iot-edgehub-deployment-1.x.json`): 1.0 routes are strings only;
 * from 1.1 routes may be objects and routes + storeAndForwardConfiguration are required; 1.2 adds
 * mqttBroker, 1.3 integrity.
 */
const ROUTE_NAME = "^[^\\.\\$# ]+$";
const routeString = { type: "string", minLength: 1, examples: ["FROM /messages/* INTO $upstream"] };
const policy = {
  type: "array",
  items: {
    type: "object",
    properties: {
      operations: { type: "array", items: { enum: ["mqtt:connect", "mqtt:subscribe", "mqtt:publish"] } },
      resources: { type: "array", items: { type: "string", minLength: 1 } },
    },
    additionalProperties: false,
  },
};
const onlyFrom = (minor: number, keys: string[]) => ({
  if: { properties: { schemaVersion: { pattern: `^1\\.[0-${minor - 1}](\\.|$)` } } },
  then: { properties: Object.fromEntries(keys.map((k) => [k, { not: {}, description: `needs schemaVersion 1.${minor} or later` }])) },
});

export const HUB_DEFINITIONS: JsonObject = {
  route: {
    description: "a route string, or (schemaVersion 1.1+) an object {route, priority, timeToLiveSecs}",
    anyOf: [
      routeString,
      {
        type: "object",
        required: ["route"],
        properties: {
          route: routeString,
          priority: { type: "integer", minimum: 0, maximum: 9, description: "0 is the highest priority" },
          timeToLiveSecs: { type: "integer", minimum: 0, maximum: 4294967295, description: "0 = use storeAndForwardConfiguration.timeToLiveSecs" },
        },
        additionalProperties: false,
      },
    ],
  },
  storeAndForwardConfiguration: {
    type: "object",
    required: ["timeToLiveSecs"],
    properties: {
      timeToLiveSecs: { type: "integer", examples: [7200], description: "seconds; negative = never expire" },
      storeLimits: { type: "object", properties: { maxSizeBytes: { type: "integer", minimum: 0 } }, additionalProperties: false },
    },
    additionalProperties: false,
  },
  mqttBroker: {
    type: "object",
    properties: {
      bridges: {
        type: "array",
        items: {
          type: "object",
          properties: {
            endpoint: { const: "$upstream" },
            settings: {
              type: "array",
              items: {
                type: "object",
                properties: { direction: { enum: ["in", "out"] }, topic: { type: "string" }, inPrefix: { type: "string" }, outPrefix: { type: "string" } },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
      },
      authorizations: {
        type: "array",
        items: {
          type: "object",
          properties: { identities: { type: "array", items: { type: "string", minLength: 1 } }, allow: policy, deny: policy },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
  hubDesired: {
    type: "object",
    required: ["schemaVersion"],
    properties: {
      // edgeHub parses a Version and checks major/minor only (EdgeHubConfigParser).
      schemaVersion: { type: "string", pattern: "^1\\.[0-3](\\.\\d+)?$", examples: ["1.1"] },
      routes: { type: "object", patternProperties: { [ROUTE_NAME]: { $ref: "#/definitions/route" } }, additionalProperties: false },
      storeAndForwardConfiguration: { $ref: "#/definitions/storeAndForwardConfiguration" },
      mqttBroker: { $ref: "#/definitions/mqttBroker" },
      integrity: { type: "object", description: "schemaVersion 1.3: manifest signing" },
    },
    additionalProperties: false,
    allOf: [
      {
        if: { properties: { schemaVersion: { pattern: "^1\\.0(\\.|$)" } } },
        then: { properties: { routes: { patternProperties: { [ROUTE_NAME]: { type: "string", description: "schemaVersion 1.0 routes are strings" } } } } },
        else: { required: ["routes", "storeAndForwardConfiguration"] },
      },
      onlyFrom(2, ["mqttBroker", "integrity"]),
      onlyFrom(3, ["integrity"]),
    ],
  },
};
