import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../twins";
import {
  DEPLOYMENT_SCHEMA,
  EDGE_AGENT_DESIRED_SCHEMA,
  EDGE_AGENT_DESIRED_SCHEMA_1_0,
  EDGE_AGENT_DESIRED_SCHEMA_1_1,
  EDGE_HUB_DESIRED_SCHEMA,
  MANIFEST_SCHEMA,
} from "./manifest-schema";
import { completeExampleManifest, layeredExampleConfiguration } from "./test-fixtures";

const ajv = new Ajv({ allErrors: true, strictTypes: false });
ajv.addKeyword({ keyword: "deprecationMessage", schemaType: "string" });
const ROOTS = { DEPLOYMENT_SCHEMA, EDGE_AGENT_DESIRED_SCHEMA, EDGE_AGENT_DESIRED_SCHEMA_1_0, EDGE_AGENT_DESIRED_SCHEMA_1_1, EDGE_HUB_DESIRED_SCHEMA, MANIFEST_SCHEMA };
const compiled = Object.fromEntries(Object.entries(ROOTS).map(([name, schema]) => [name, ajv.compile(schema)]));

const manifest = completeExampleManifest();
const agent = manifest.modulesContent.$edgeAgent!["properties.desired"] as JsonObject;
const hub = manifest.modulesContent.$edgeHub!["properties.desired"] as JsonObject;

describe("deployment JSON Schemas (Monaco + ajv)", () => {
  it.each(Object.entries(ROOTS))("%s is plain draft-07 JSON", (_name, schema) => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  it.each<[keyof typeof ROOTS, boolean, unknown]>([
    ["MANIFEST_SCHEMA", true, manifest],
    ["MANIFEST_SCHEMA", false, { modulesContent: { "bad name": {} } }],
    ["DEPLOYMENT_SCHEMA", true, layeredExampleConfiguration()],
    ["DEPLOYMENT_SCHEMA", true, { id: "prod-base", priority: 10, targetCondition: "*", content: manifest }],
    ["DEPLOYMENT_SCHEMA", false, { id: "Prod Base", content: manifest }],
    ["DEPLOYMENT_SCHEMA", false, { id: "x", content: manifest, metrics: { queries: { a: "q", b: "q", c: "q", d: "q", e: "q", f: "q" } } }],
    ["DEPLOYMENT_SCHEMA", false, { id: "x", content: { deviceContent: {} } }],
    ["EDGE_AGENT_DESIRED_SCHEMA_1_1", true, agent],
    ["EDGE_AGENT_DESIRED_SCHEMA_1_0", false, agent],
    ["EDGE_AGENT_DESIRED_SCHEMA", true, agent],
    ["EDGE_AGENT_DESIRED_SCHEMA", false, { ...agent, extra: 1 }],
    ["EDGE_AGENT_DESIRED_SCHEMA", true, { ...agent, schemaVersion: "1.0", extra: 1 }],
    ["EDGE_HUB_DESIRED_SCHEMA", true, hub],
    ["EDGE_HUB_DESIRED_SCHEMA", true, { schemaVersion: "1.0", routes: { r: "FROM /* INTO $upstream" } }],
    ["EDGE_HUB_DESIRED_SCHEMA", false, { schemaVersion: "1.1", routes: { r: "FROM /* INTO $upstream" } }],
    ["EDGE_HUB_DESIRED_SCHEMA", true, { ...hub, schemaVersion: "1.2", mqttBroker: { bridges: [{ endpoint: "$upstream", settings: [{ direction: "in", topic: "alerts/#" }] }] } }],
    ["EDGE_HUB_DESIRED_SCHEMA", false, { ...hub, schemaVersion: "1.2", mqttBroker: { bridges: [{ endpoint: "$upstream", settings: [{ direction: "sideways" }] }] } }],
    ["EDGE_HUB_DESIRED_SCHEMA", true, { ...hub, schemaVersion: "1.3", integrity: { header: {} } }],
  ])("%s accepts sample %#: %s", (name, valid, document) => {
    expect(compiled[name]!(document), JSON.stringify(compiled[name]!.errors)).toBe(valid);
  });
});
