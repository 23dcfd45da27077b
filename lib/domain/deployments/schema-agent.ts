import type { JsonObject } from "../twins";

/**
 * draft-07 definitions for `$edgeAgent` desired properties, schema 1.0 and 1.1 (reference §6.1,
 * after the CLI's `azure-iot-edgeagent-deployment-1.0/1.1.json`). Plain JSON: the same objects feed
 * Monaco and ajv. Every root schema carries all definitions, so `#/definitions/…` resolves anywhere.
 */
const string = { type: "string" };
/**
 * Schema 1.0 does not define these, but neither the CLI's 1.0 schema nor edgeAgent rejects them, so
 * they are not errors: Monaco shows `deprecationMessage` as a warning and lint.ts reports it.
 */
const only11 = (field: string) => ({ deprecationMessage: `${field} needs schemaVersion 1.1; schema 1.0 does not define it` });
const v10Extras = (fields: string[]) => Object.fromEntries(fields.map((f) => [f, only11(f)]));
const MODULE_NAME = "^[a-zA-Z0-9_-]+$";
const ENV_NAME = "^[^\\+#$\\s\\.]+$";

const env = {
  type: "object",
  description: "Environment variables: {NAME: {value}}; names must not contain + # $ . or whitespace",
  patternProperties: {
    [ENV_NAME]: {
      type: "object",
      required: ["value"],
      properties: { value: { type: ["number", "string", "boolean"] } },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

const createOptions = {
  type: "string",
  description: "Stringified Docker ContainerCreate options; split into createOptions, createOptions01, … past 512 characters",
};

const registryCredential = {
  type: "object",
  required: ["username", "password", "address"],
  properties: { username: string, password: string, address: { type: "string", pattern: "^[^\\s]+$" } },
};

const runtime = (credentialName: string, strict: boolean) => ({
  type: "object",
  required: ["type", "settings"],
  properties: {
    type: { $ref: "#/definitions/moduleType" },
    settings: {
      type: "object",
      properties: {
        minDockerVersion: { type: "string", examples: ["v1.25"] },
        loggingOptions: string,
        registryCredentials: {
          type: "object",
          patternProperties: { [credentialName]: strict ? { ...registryCredential, additionalProperties: false } : registryCredential },
          additionalProperties: false,
        },
      },
      ...(strict ? { additionalProperties: false } : {}),
    },
  },
  ...(strict ? { additionalProperties: false } : {}),
});

const systemAgent = (v11: boolean) => ({
  type: "object",
  required: ["type", "settings"],
  properties: {
    type: { $ref: "#/definitions/moduleType" },
    settings: { $ref: v11 ? "#/definitions/moduleSettings_1_1" : "#/definitions/moduleSettings_1_0" },
    env: { $ref: "#/definitions/env" },
    ...(v11 ? { imagePullPolicy: { $ref: "#/definitions/imagePullPolicy" } } : v10Extras(["imagePullPolicy"])),
  },
  ...(v11 ? { additionalProperties: false } : {}),
});

const systemHub = (v11: boolean) => ({
  type: "object",
  required: ["type", "settings", "status", "restartPolicy"],
  properties: {
    type: { $ref: "#/definitions/moduleType" },
    settings: { $ref: v11 ? "#/definitions/moduleSettings_1_1" : "#/definitions/moduleSettings_1_0" },
    env: { $ref: "#/definitions/env" },
    status: { const: "running", description: "edgeHub must always run" },
    restartPolicy: { const: "always", description: "edgeHub is always restarted" },
    ...(v11 ? { imagePullPolicy: { $ref: "#/definitions/imagePullPolicy" }, startupOrder: { $ref: "#/definitions/startupOrder" } } : v10Extras(["imagePullPolicy", "startupOrder"])),
  },
  ...(v11 ? { additionalProperties: false } : {}),
});

const customModule = (v11: boolean) => ({
  type: "object",
  required: ["type", "status", "restartPolicy", "settings"],
  properties: {
    version: { type: "string", examples: ["1.0"], description: "A label of your choosing; changing it re-creates the container" },
    type: { $ref: "#/definitions/moduleType" },
    status: { $ref: "#/definitions/status" },
    restartPolicy: { $ref: "#/definitions/restartPolicy" },
    env: { $ref: "#/definitions/env" },
    settings: { $ref: v11 ? "#/definitions/moduleSettings_1_1" : "#/definitions/moduleSettings_1_0" },
    ...(v11 ? { imagePullPolicy: { $ref: "#/definitions/imagePullPolicy" }, startupOrder: { $ref: "#/definitions/startupOrder" } } : v10Extras(["imagePullPolicy", "startupOrder"])),
  },
  ...(v11 ? { additionalProperties: false } : {}),
});

const agentDesired = (v11: boolean) => ({
  type: "object",
  required: ["schemaVersion", "runtime", "systemModules", "modules"],
  properties: {
    // edgeAgent takes major 1 up to 1.1.0 (EdgeAgentConnection.ValidateSchemaVersion).
    schemaVersion: { type: "string", pattern: v11 ? "^1\\.1(\\.0)?$" : "^1\\.0(\\.\\d+)?$", examples: [v11 ? "1.1" : "1.0"] },
    runtime: runtime(v11 ? "^[^\\.\\$# ]+$" : "^.+$", v11),
    systemModules: {
      type: "object",
      required: ["edgeAgent", "edgeHub"],
      properties: { edgeAgent: systemAgent(v11), edgeHub: systemHub(v11) },
      additionalProperties: false,
    },
    modules: {
      type: "object",
      patternProperties: { [MODULE_NAME]: { $ref: v11 ? "#/definitions/module_1_1" : "#/definitions/module_1_0" } },
      additionalProperties: false,
    },
  },
  ...(v11 ? { additionalProperties: false } : {}),
});

export const AGENT_DEFINITIONS: JsonObject = {
  moduleType: { enum: ["docker"] },
  status: { enum: ["running", "stopped"] },
  restartPolicy: {
    enum: ["never", "on-failure", "on-unhealthy", "always"],
    description: "on-unhealthy acts like on-failure: edgeAgent does not act on Docker health checks",
  },
  imagePullPolicy: { enum: ["on-create", "never"], description: "schemaVersion 1.1; never = the image must already be on the device" },
  startupOrder: { type: "integer", minimum: 0, maximum: 4294967295, description: "schemaVersion 1.1; lower starts first (default 4294967295)" },
  env,
  createOptions,
  moduleSettings_1_0: {
    type: "object",
    required: ["image"],
    properties: { image: { type: "string", examples: ["mcr.microsoft.com/azureiotedge-agent:1.5"] }, createOptions: { $ref: "#/definitions/createOptions" } },
    patternProperties: { "^createOptions\\d+$": { $ref: "#/definitions/createOptions" } },
  },
  moduleSettings_1_1: {
    type: "object",
    required: ["image"],
    properties: { image: { type: "string", examples: ["mcr.microsoft.com/azureiotedge-agent:1.5"] } },
    patternProperties: { "^createOptions\\d*$": { $ref: "#/definitions/createOptions" } },
    additionalProperties: false,
  },
  module_1_0: customModule(false),
  module_1_1: customModule(true),
  agentDesired_1_0: agentDesired(false),
  agentDesired_1_1: agentDesired(true),
};
