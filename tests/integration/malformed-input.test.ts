import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { callApi, setupPolicies } from "./support/api";
import {
  assertCoversAllRoutes,
  BODY_ENDPOINTS,
  ENDPOINTS,
  expectNothingWritten,
  headersFor,
  makeFixture,
  type Fixture,
} from "./support/endpoints";

/**
 * Every endpoint that takes a body, fed bodies it must refuse: each refusal has the documented
 * status and error shape, writes no row, and leaves the server answering /api/health.
 */
const LIMIT = env.API_MAX_BODY_BYTES; // 262144 unless configured
let f: Fixture;

beforeAll(async () => {
  await setupPolicies();
  f = await makeFixture();
});

const ids = () => [f.deviceId, f.freshId];
const send = (e: (typeof BODY_ENDPOINTS)[number], body: unknown, headers: Record<string, string | null> = {}) =>
  callApi(e.method, e.path(f), { body, headers: { ...headersFor(e), ...headers } });

it("the endpoint table covers every exported route handler", async () => {
  await assertCoversAllRoutes();
});

describe("public endpoints answer without a token", () => {
  it.each(ENDPOINTS.filter((e) => e.public && !e.operator).map((e) => [e.name, e] as const))("%s", async (_name, e) => {
    const res = await callApi(e.method, e.path(f), { auth: false, body: e.method === "GET" ? undefined : { any: "thing" } });
    expect(res.status).toBe(e.ok);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    if (e.ok === 404) expect(res.json.error.code).toBe("NotFound");
  });
});

/** Wrong types, named by the path the 400 must report. */
const wrongTypes: Record<string, Array<[string, (f: Fixture) => unknown, string]>> = {
  query: [
    ["query is a number", () => ({ query: 5 }), "query"],
    ["query is null", () => ({ query: null }), "query"],
    ["query is empty", () => ({ query: "" }), "query"],
    ["query is missing", () => ({}), "query"],
    ["query over 8192 characters", () => ({ query: `SELECT * FROM devices WHERE tags.x = '${"x".repeat(8200)}'` }), "query"],
  ],
  "create device": [
    ["deviceId is a number", () => ({ deviceId: 5 }), "deviceId"],
    ["deviceId is missing", () => ({}), "deviceId"],
    ["status is not enabled/disabled", (f) => ({ deviceId: f.freshId, status: "on" }), "status"],
    ["capabilities.iotEdge is a string", (f) => ({ deviceId: f.freshId, capabilities: { iotEdge: "yes" } }), "capabilities.iotEdge"],
    ["authentication.type unknown", (f) => ({ deviceId: f.freshId, authentication: { type: "magic" } }), "authentication.type"],
    [
      "primaryKey not base64",
      (f) => ({ deviceId: f.freshId, authentication: { symmetricKey: { primaryKey: "!!not base64!!" } } }),
      "authentication.symmetricKey.primaryKey",
    ],
    [
      "primaryKey too short",
      (f) => ({ deviceId: f.freshId, authentication: { symmetricKey: { primaryKey: "AAAA" } } }),
      "authentication.symmetricKey.primaryKey",
    ],
    ["authentication none for a device", (f) => ({ deviceId: f.freshId, authentication: { type: "none" } }), "authentication.type"],
    ["parentScopes is a string", (f) => ({ deviceId: f.freshId, parentScopes: "x" }), "parentScopes"],
    ["statusReason of 10k characters", (f) => ({ deviceId: f.freshId, statusReason: "r".repeat(10_000) }), "statusReason"],
    ["nested unknown field", (f) => ({ deviceId: f.freshId, authentication: { type: "sas", extra: 1 } }), "authentication.extra"],
  ],
  "create module": [
    ["moduleId is a number", (f) => ({ deviceId: f.deviceId, moduleId: 7 }), "moduleId"],
    ["managedBy is a number", (f) => ({ deviceId: f.deviceId, moduleId: f.freshId, managedBy: 5 }), "managedBy"],
    ["body deviceId differs", (f) => ({ deviceId: `${f.deviceId}x`, moduleId: f.freshId }), "deviceId"],
    [
      "selfSigned without thumbprint",
      (f) => ({ deviceId: f.deviceId, moduleId: f.freshId, authentication: { type: "selfSigned" } }),
      "authentication.x509Thumbprint.primaryThumbprint",
    ],
  ],
};
const regenerateWrongTypes: Array<[string, (f: Fixture) => unknown, string]> = [
  ["key is not primary/secondary", () => ({ key: "tertiary" }), "key"],
  ["key is a number", () => ({ key: 1 }), "key"],
  ["key is missing", () => ({}), "key"],
];
wrongTypes["regenerate device key"] = regenerateWrongTypes;
wrongTypes["regenerate module key"] = regenerateWrongTypes;
const twinWrongTypes: Array<[string, (f: Fixture) => unknown, string]> = [
  ["tags is a string", () => ({ tags: "x" }), "tags"],
  ["tags is an array", () => ({ tags: [1] }), "tags"],
  ["properties is a string", () => ({ properties: "x" }), "properties"],
  ["desired is a number", () => ({ properties: { desired: 5 } }), "properties.desired"],
  ["version is a string", () => ({ tags: {}, version: "1" }), "version"],
  ["nested unknown field", () => ({ properties: { desired: {}, other: {} } }), "properties.other"],
  ["tag value of 10k characters", () => ({ tags: { big: "x".repeat(10_000) } }), "tags.big"],
  ["tag key of 10k characters", () => ({ tags: { ["k".repeat(10_000)]: 1 } }), `tags.${"k".repeat(10_000)}`],
];
for (const name of ["patch twin", "replace twin", "patch module twin", "replace module twin"]) wrongTypes[name] = twinWrongTypes;

describe.each(BODY_ENDPOINTS.map((e) => [e.name, e] as const))("%s", (_name, e) => {
  it("accepts the valid request the other cases are derived from (control)", async () => {
    const probe = { ...f, freshId: `${f.freshId}-ok` };
    const res = await callApi(e.method, e.path(probe), { body: e.body!(probe), headers: headersFor(e) });
    expect(res.status, res.text).toBe(e.ok);
  });

  it.each([
    ["truncated object", '{"a":'],
    ["plain text", "not json"],
    ["empty body", ""],
    ["open bracket", "["],
    ["trailing comma", '{"deviceId": "x",}'],
    ["single quotes", "{'a': 1}"],
    ["NUL byte", "\u0000"],
    ["two documents", "{} {}"],
  ])("malformed JSON (%s) is 400 ArgumentInvalid", async (_case, raw) => {
    await expectNothingWritten(ids(), async () => {
      const res = await send(e, raw);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("ArgumentInvalid");
      expect(res.json.error.message).toMatch(/Malformed JSON/);
    });
  });

  it.each([["[]"], ['"string"'], ["null"], ["42"], ["true"]])("a non-object body %s is 400", async (raw) => {
    await expectNothingWritten(ids(), async () => {
      const res = await send(e, raw);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("ArgumentInvalid");
    });
  });

  it.each(["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/json"])(
    "content-type %s is 415 UnsupportedMediaType",
    async (contentType) => {
      await expectNothingWritten(ids(), async () => {
        const res = await send(e, JSON.stringify(e.body!(f)), { "content-type": contentType });
        expect(res.status).toBe(415);
        expect(res.json.error.code).toBe("UnsupportedMediaType");
      });
    },
  );

  it("an unknown top-level field is 400 naming the field", async () => {
    await expectNothingWritten(ids(), async () => {
      const res = await send(e, { ...e.body!(f), bogusField: 1 });
      expect(res.status).toBe(400);
      expect(res.json.error.details.path).toBe("bogusField");
      expect(res.json.error.message).toContain("bogusField");
    });
  });

  it.each(wrongTypes[e.name] ?? [])("wrong type or value: %s is 400 with its path", async (_case, body, path) => {
    await expectNothingWritten(ids(), async () => {
      const res = await send(e, body(f));
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.details.path).toBe(path);
    });
  });

  it.each([
    ["a body over the limit", () => `{"x":"${"a".repeat(LIMIT)}"}`, {}],
    ["a declared content-length over the limit", () => JSON.stringify(e.body!(f)), { "content-length": String(LIMIT + 1) }],
    ["a 5 MB body", () => `[${"1,".repeat(2_500_000)}1]`, {}],
  ])("%s is 413 MessageTooLarge", async (_case, body, headers) => {
    await expectNothingWritten(ids(), async () => {
      const res = await send(e, body(), headers);
      expect(res.status).toBe(413);
      expect(res.json.error.code).toBe("MessageTooLarge");
    });
  });

  it("a body of exactly the limit is parsed, not refused as too large", async () => {
    const raw = `{"x":"${"a".repeat(LIMIT - 8)}"}`;
    expect(Buffer.byteLength(raw)).toBe(LIMIT);
    await expectNothingWritten(ids(), async () => {
      const res = await send(e, raw);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("ArgumentInvalid");
      expect(res.json.error.details.path).not.toBe("");
    });
  });
});

describe("accepted content types", () => {
  it.each([["application/json"], ["APPLICATION/JSON; charset=UTF-8"], ["application/merge-patch+json"], [null]])(
    "%s",
    async (contentType) => {
      const res = await callApi("POST", "/api/devices/query", {
        body: JSON.stringify({ query: `SELECT deviceId FROM devices WHERE deviceId = '${f.deviceId}'` }),
        headers: { "content-type": contentType },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.json).toEqual([{ deviceId: f.deviceId }]);
    },
  );
});
