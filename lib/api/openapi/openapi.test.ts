import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorResponse } from "@/lib/api/error-response";
import { can } from "@/lib/api/permissions";
import { toIdentityDto, toTwinDto, type TwinRow } from "@/lib/data/rows";
import { AppError, errorStatus, type ErrorCode } from "@/lib/domain/errors";
import * as identitySchemas from "@/lib/schemas/identity";
import * as twinSchemas from "@/lib/schemas/twin";
import * as operatorSchemas from "@/lib/schemas/operators";
import * as fleetSchemas from "@/lib/schemas/fleet";
import * as deploymentSchemas from "@/lib/schemas/deployments";
import * as registrySchemas from "@/lib/schemas/registries";
import { openApiDocument } from "./document";
import {
  deviceResponseSchema,
  deviceTwinResponseSchema,
  errorResponseSchema,
  moduleResponseSchema,
  moduleTwinResponseSchema,
} from "./response-schemas";
import { readRoutes } from "./route-files.test-support";

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const doc = openApiDocument as Doc;
const routes = readRoutes();

// ---------------------------------------------------------------- helpers over the document

function resolveRef(value: Doc): Doc {
  if (typeof value?.$ref !== "string") return value;
  const target = value.$ref.replace(/^#\//, "").split("/").reduce((node: Doc, key: string) => node?.[key], doc);
  if (target === undefined) throw new Error(`unresolved ${value.$ref}`);
  return target;
}

const documentedOperations = () =>
  Object.entries(doc.paths as Record<string, Record<string, Doc>>).flatMap(([p, item]) =>
    Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${p}`, operation })),
  );

const jsonSchemaOf = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input" }) as Doc;
  return rest;
};

const requestSchemaByName: Record<string, z.ZodType> = Object.fromEntries(
  Object.entries({ ...identitySchemas, ...twinSchemas, ...operatorSchemas, ...fleetSchemas, ...deploymentSchemas, ...registrySchemas }).filter(([, value]) => value instanceof z.ZodType),
) as Record<string, z.ZodType>;

// ---------------------------------------------------------------- tests

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1.0 and plain JSON", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(doc.servers).toEqual([expect.objectContaining({ url: "/api" })]);
  });

  it("documents exactly the routes under app/api", () => {
    expect(routes.length).toBeGreaterThan(0);
    const fromFiles = routes.flatMap((r) => [...r.specs.keys()].map((m) => `${m} ${r.path}`)).sort();
    const fromDocument = documentedOperations().map((o) => o.key).sort();
    expect(fromDocument).toEqual(fromFiles);
  });

  it("names the rights each route checks, and no security for public routes", () => {
    for (const route of routes) {
      for (const [method, spec] of route.specs) {
        const operation = doc.paths[route.path]?.[method.toLowerCase()];
        if (!operation) continue; // reported by "documents exactly the routes under app/api"
        if (spec.permission === '"public"') {
          expect(operation.security, `${method} ${route.path}`).toEqual([]);
          expect(operation["x-edgedeck-action"]).toBeUndefined();
          // Sign-in itself answers 401 for bad credentials; other public routes never do.
          if (route.path !== "/auth/login") expect(operation.responses["401"]).toBeUndefined();
        } else if (spec.permission === '"session"') {
          expect(operation.security, `${method} ${route.path}`).toEqual([{ sessionCookie: [] }]);
          expect(operation["x-edgedeck-roles"]).toEqual(["viewer", "operator", "admin"]);
        } else {
          const action = can[spec.permission.slice("can.".length) as keyof typeof can];
          expect(action, spec.permission).toBeDefined();
          expect(operation.security, `${method} ${route.path}`).toBeUndefined();
          expect(operation["x-edgedeck-action"], `${method} ${route.path}`).toBe(action);
          expect(operation["x-edgedeck-roles"], `${method} ${route.path}`).toContain("admin");
          expect(operation.responses["401"], `${method} ${route.path}`).toBeDefined();
        }
      }
    }
    expect(doc.security).toEqual([{ sharedAccessSignature: [] }, { sessionCookie: [] }]);
    expect(doc.components.securitySchemes.sharedAccessSignature).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Authorization",
    });
  });

  it("describes each request body with the zod schema the route parses", () => {
    for (const route of routes) {
      for (const [method, spec] of route.specs) {
        const operation = doc.paths[route.path]?.[method.toLowerCase()];
        if (!operation) continue; // reported by "documents exactly the routes under app/api"
        const where = `${method} ${route.path}`;
        if (!spec.body) {
          expect(operation.requestBody, where).toBeUndefined();
          continue;
        }
        const schema = requestSchemaByName[spec.body];
        expect(schema, `${spec.body} is not exported by lib/schemas`).toBeDefined();
        const documented = resolveRef(operation.requestBody.content["application/json"].schema);
        expect(documented, where).toEqual(jsonSchemaOf(schema!));
        // Every error a body can cause is listed.
        for (const status of ["400", "413", "415"]) expect(operation.responses[status], `${where} ${status}`).toBeDefined();
      }
    }
  });

  it("takes api-version everywhere and declares every path parameter", () => {
    for (const { key, operation } of documentedOperations()) {
      const params = (operation.parameters as Doc[]).map(resolveRef);
      expect(params.some((p) => p.name === "api-version" && p.in === "query"), key).toBe(true);
      const inPath = [...key.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(params.filter((p) => p.in === "path").map((p) => p.name), key).toEqual(inPath);
    }
  });

  it("uses the error shape, a known code list and resolvable references throughout", () => {
    const codes = Object.keys(errorStatus) as ErrorCode[];
    for (const { key, operation } of documentedOperations()) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, Doc>)) {
        if (Number(status) < 400) continue;
        expect(resolveRef(response.content["application/json"].schema), key).toBe(doc.components.schemas.Error);
        const listed = [...String(response.description).matchAll(/`(\w+)`:/g)].map((m) => m[1] as ErrorCode);
        expect(listed.length, `${key} ${status}`).toBeGreaterThan(0);
        for (const code of listed) {
          expect(codes, `${key}`).toContain(code);
          expect(errorStatus[code], `${key}: ${code}`).toBe(Number(status));
        }
      }
    }
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const r of refs) expect(() => resolveRef({ $ref: r.slice(8, -1) })).not.toThrow();
  });

  it("gives every operation a unique operationId and a declared tag", () => {
    const ids = documentedOperations().map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set((doc.tags as Doc[]).map((t) => t.name));
    for (const { key, operation } of documentedOperations()) expect(tags.has(operation.tags[0]), key).toBe(true);
  });

  it("is what GET /api/openapi.json serves", async () => {
    const { GET } = await import("@/app/api/openapi.json/route");
    const response = await GET(new Request("http://localhost/api/openapi.json?api-version=2021-04-12"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual(doc);
  });

  it("documents the query paging headers", () => {
    const query = doc.paths["/devices/query"].post;
    const names = (query.parameters as Doc[]).map(resolveRef).map((p) => `${p.in}:${p.name}`);
    expect(names).toEqual(expect.arrayContaining(["header:x-ms-max-item-count", "header:x-ms-continuation"]));
    expect(Object.keys(query.responses["200"].headers).sort()).toEqual(["x-ms-continuation", "x-ms-item-type"]);
  });
});

// ---------------------------------------------------------------- response schemas against the DTOs

const baseRow: TwinRow = {
  device_id: "edge-gw-01",
  generation_id: "638412345678901234",
  identity_etag: "MjU2ODEyMDc5",
  status: "enabled",
  status_reason: null,
  status_updated_time: "2026-01-02 03:04:05.678+00",
  auth_type: "sas",
  primary_key: "cHJpbWFyeS1rZXktb2YtdGhpcnR5LXR3by1ieXRlcyE=",
  secondary_key: "c2Vjb25kYXJ5LWtleS1vZi10aGlydHktdHdvLWJ5dGU=",
  primary_thumbprint: null,
  secondary_thumbprint: null,
  model_id: "",
  connection_state: "Disconnected",
  connection_state_updated_time: null,
  last_activity_time: new Date("2026-01-02T03:04:05Z"),
  c2d_message_count: 0,
  tags: { site: "plant-7" },
  desired: { interval: 30 },
  desired_metadata: { $lastUpdated: "2026-01-02T03:04:05.678Z", $lastUpdatedVersion: 2 },
  desired_version: 2,
  reported: {},
  reported_metadata: { $lastUpdated: "2026-01-02T03:04:05.678Z" },
  reported_version: 1,
  twin_version: "3",
  configurations: {},
};
const edgeDevice: TwinRow = {
  ...baseRow,
  edge_enabled: true,
  device_scope: "ms-azure-iot-edge://edge-gw-01-638412345678901234",
  parent_scopes: [],
};
const leafDevice: TwinRow = { ...baseRow, device_id: "leaf-01", status: "disabled", status_reason: "retired", edge_enabled: false };
const module: TwinRow = { ...baseRow, module_id: "$edgeAgent", managed_by: null, auth_type: "none", primary_key: null, secondary_key: null };

/** What a client receives: JSON drops `undefined` members. */
const wire = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("response schemas match the DTOs", () => {
  it("Device", () => {
    for (const row of [edgeDevice, leafDevice]) {
      for (const includeKeys of [true, false]) deviceResponseSchema.parse(wire(toIdentityDto(row, { includeKeys })));
    }
  });

  it("Module", () => {
    moduleResponseSchema.parse(wire(toIdentityDto(module, { includeKeys: true })));
    moduleResponseSchema.parse(wire(toIdentityDto({ ...module, managed_by: "IotEdge" }, { includeKeys: false })));
  });

  it("DeviceTwin and ModuleTwin", () => {
    deviceTwinResponseSchema.parse(wire(toTwinDto(edgeDevice)));
    deviceTwinResponseSchema.parse(wire(toTwinDto(leafDevice)));
    moduleTwinResponseSchema.parse(wire(toTwinDto(module)));
  });

  it("Error", async () => {
    const withDetails = errorResponse(new AppError("ArgumentInvalid", "bad", { path: "tags.a" }));
    errorResponseSchema.parse(await withDetails.json());
    const plain = errorResponse(new AppError("Forbidden", "no"));
    const body = errorResponseSchema.parse(await plain.json());
    expect(body.errorCode).toBeUndefined();
    expect(plain.headers.get("iothub-errorcode")).toBe("Forbidden");
  });
});
