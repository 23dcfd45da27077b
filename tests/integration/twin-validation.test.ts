import { beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  changesOf,
  createDevice,
  createModule,
  getTwin,
  revisionsOf,
  setupPolicies,
  twinPath,
} from "./support/api";

beforeAll(async () => {
  await setupPolicies();
});

/** `containers` nested objects under `root`, the innermost holding a primitive (keys k1…kN). */
function nested(containers: number): Record<string, unknown> {
  let value: unknown = "v";
  for (let i = containers; i >= 1; i--) value = { [`k${i}`]: value };
  return { root: value };
}
const nestedPath = (prefix: string, n: number) => [prefix, "root", ...Array.from({ length: n - 1 }, (_, i) => `k${i + 1}`)].join(".");
const strings = (count: number, length: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`s${i}`, "x".repeat(length)]));

type Target = { deviceId: string; moduleId?: string };
async function makeTargets(): Promise<Target[]> {
  const { deviceId } = await createDevice();
  const { moduleId } = await createModule(deviceId);
  return [{ deviceId }, { deviceId, moduleId }];
}

/** Twin, its revision rows and the device's change rows: what a rejected write must leave alone. */
async function snapshot(t: Target) {
  return {
    twin: await getTwin(t.deviceId, t.moduleId),
    revisions: await revisionsOf(t.deviceId, t.moduleId),
    changes: await changesOf(t.deviceId),
  };
}

async function expectRejected(t: Target, method: "PATCH" | "PUT", body: unknown, status: number, path: string) {
  const before = await snapshot(t);
  const res = await callApi(method, twinPath(t.deviceId, t.moduleId), { body, headers: { "if-match": "*" } });
  expect(res.status, res.text).toBe(status);
  expect(res.json.error.details?.path).toBe(path);
  expect(await snapshot(t)).toEqual(before);
  return res;
}

const P = "properties.desired";
const rejected: Array<[string, unknown, string]> = [
  ["tags over 8 KB", { tags: strings(3, 2800) }, "tags"],
  ["desired over 32 KB", { properties: { desired: strings(9, 3700) } }, P],
  ["11 nested objects in desired", { properties: { desired: nested(11) } }, nestedPath(P, 11)],
  ["11 nested objects in tags", { tags: nested(11) }, nestedPath("tags", 11)],
  ["'.' in a desired key", { properties: { desired: { a: { "b.c": 1 } } } }, `${P}.a.b.c`],
  ["'$' in a desired key", { properties: { desired: { a$: 1 } } }, `${P}.a$`],
  ["'$' key at the desired root", { properties: { desired: { $foo: 1 } } }, `${P}.$foo`],
  ["space in a tag key", { tags: { "a b": 1 } }, "tags.a b"],
  ["'$version' as a tag key (tags have no read-only members)", { tags: { $version: 1 } }, "tags.$version"],
  ["4097-byte string", { properties: { desired: { s: "x".repeat(4097) } } }, `${P}.s`],
  ["4097-byte string of 2-byte chars", { tags: { s: "é".repeat(2048) + "a" } }, "tags.s"],
  ["integer 2^52", { properties: { desired: { n: 4503599627370496 } } }, `${P}.n`],
  ["integer -2^52-1", { tags: { n: -4503599627370497 } }, "tags.n"],
  ["valid tags but invalid desired (all or nothing)", { tags: { ok: 1 }, properties: { desired: { "x y": 1 } } }, `${P}.x y`],
  ["desired not an object", { properties: { desired: [1, 2] } }, P],
  ["tags not an object", { tags: "x" }, "tags"],
];

describe.each(["PATCH", "PUT"] as const)("%s rejects", (method) => {
  it.each(rejected)("%s: 400 naming the path, nothing written", async (_name, body, path) => {
    for (const t of await makeTargets()) {
      const res = await expectRejected(t, method, body, 400, path);
      expect(res.json.error.code).toBe("ArgumentInvalid");
    }
  });
});

describe("reported properties (the service never writes them)", () => {
  it.each([
    ["alone", { properties: { reported: { a: 1 } } }],
    ["beside desired", { properties: { desired: { a: 1 }, reported: { a: 1 } } }],
  ])("PATCH naming them %s is 400 with path properties.reported, nothing written", async (_name, body) => {
    for (const t of await makeTargets()) await expectRejected(t, "PATCH", body, 400, "properties.reported");
  });

  it("PUT ignores an echoed reported section and replaces only tags and desired", async () => {
    for (const t of await makeTargets()) {
      const twin = await getTwin(t.deviceId, t.moduleId);
      const body = { ...twin, tags: { t: 1 }, properties: { desired: { d: 1 }, reported: { forged: true, $version: 99 } } };
      const res = await callApi("PUT", twinPath(t.deviceId, t.moduleId), { body, headers: { "if-match": `"${twin.etag}"` } });
      expect(res.status, res.text).toBe(200);
      expect(res.json.tags).toEqual({ t: 1 });
      expect(res.json.properties.desired).toMatchObject({ d: 1, $version: 2 });
      expect(res.json.properties.reported).toEqual(twin.properties.reported);
      const sections = (await revisionsOf(t.deviceId, t.moduleId)).map((r) => r.section);
      expect(sections).toEqual(["tags", "desired"]);
    }
  });
});

describe("limits at their boundary", () => {
  it.each([
    ["10 nested objects", { properties: { desired: nested(10) } }],
    ["4096-byte string", { properties: { desired: { s: "x".repeat(4096) } } }],
    ["integer 2^52-1", { properties: { desired: { n: 4503599627370495 } } }],
    ["tags just under 8 KB", { tags: strings(2, 4090) }],
    ["desired just under 32 KB", { properties: { desired: strings(8, 4090) } }],
    ["echoed $version and $metadata", { properties: { desired: { $version: 99, $metadata: {}, a: 1 } } }],
  ])("accepts %s and records one revision per section", async (_name, body) => {
    for (const t of await makeTargets()) {
      const before = (await revisionsOf(t.deviceId, t.moduleId)).length;
      const res = await callApi("PATCH", twinPath(t.deviceId, t.moduleId), { body });
      expect(res.status, res.text).toBe(200);
      const sections = Object.keys((body as { tags?: unknown }).tags ? { tags: 1 } : { desired: 1 });
      const added = (await revisionsOf(t.deviceId, t.moduleId)).slice(before);
      expect(added.map((r) => r.section)).toEqual(sections);
      expect(res.json.properties.desired.$version).toBe(sections.includes("desired") ? 2 : 1);
    }
  });

  it("checks the section budget on the merged result, not just the patch", async () => {
    for (const t of await makeTargets()) {
      const first = await callApi("PATCH", twinPath(t.deviceId, t.moduleId), { body: { tags: strings(2, 3000) } });
      expect(first.status).toBe(200);
      await expectRejected(t, "PATCH", { tags: { more: "y".repeat(2500) } }, 400, "tags");
      // A replace of the same size is fine: the old members are gone.
      const replaced = await callApi("PUT", twinPath(t.deviceId, t.moduleId), { body: { tags: { more: "y".repeat(2500) } } });
      expect(replaced.status).toBe(200);
    }
  });

  it("a write naming neither tags nor desired is 400 ArgumentNull and writes nothing", async () => {
    for (const t of await makeTargets()) {
      for (const body of [{}, { properties: {} }, { tags: null, properties: { desired: null } }]) {
        const res = await expectRejected(t, "PATCH", body, 400, "tags");
        expect(res.json.error.code).toBe("ArgumentNull");
      }
    }
  });
});
