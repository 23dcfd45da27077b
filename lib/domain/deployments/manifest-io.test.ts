import { describe, expect, it } from "vitest";
import { exportManifest, readManifest } from "./manifest-io";
import { completeExampleManifest, layeredExampleConfiguration, layeredExampleContent } from "./test-fixtures";

const mc = completeExampleManifest().modulesContent;

describe("readManifest", () => {
  it.each<[string, unknown]>([
    ["{modulesContent}", { modulesContent: mc }],
    ["{content: {modulesContent}}", { content: { modulesContent: mc } }],
    ["a whole configuration object", { id: "prod-base", priority: 10, targetCondition: "*", labels: {}, content: { modulesContent: mc }, metrics: { queries: {} } }],
    ["a bare modulesContent map", mc],
    ["JSON text", JSON.stringify({ modulesContent: mc })],
  ])("accepts %s", (_name, input) => expect(readManifest(input)).toEqual({ ok: true, modulesContent: mc }));

  it("accepts the §5.3 layered configuration", () => {
    expect(readManifest(layeredExampleConfiguration())).toEqual({ ok: true, modulesContent: layeredExampleContent() });
  });

  it.each<[string, unknown, string, string]>([
    ["an array", [], "ManifestNotObject", ""],
    ["null", null, "ManifestNotObject", ""],
    ["text that is not JSON", '{"modulesContent": ', "ManifestNotJson", ""],
    ["an object without modulesContent", { modules: {} }, "ManifestMissingModulesContent", ""],
    ["a device configuration", { content: { deviceContent: { "properties.desired.x": 1 } } }, "ManifestNotEdgeDeployment", "content"],
    ["modulesContent that is not an object", { modulesContent: [] }, "ModulesContentNotObject", "modulesContent"],
    ["a module entry that is not an object", { modulesContent: { $edgeAgent: "x" } }, "ModuleEntryNotObject", "$edgeAgent"],
  ])("rejects %s", (_name, input, code, path) => {
    const result = readManifest(input);
    expect(result).toMatchObject({ ok: false, problem: { severity: "error", code, path } });
  });

  it("gives the character offset of a JSON syntax error", () => {
    const result = readManifest('{"modulesContent": {"a": }}');
    if (result.ok) throw new Error("should fail");
    expect(result.problem.offset).toBe(25);
  });

  it("returns a copy, not the caller's objects", () => {
    const input = { modulesContent: structuredClone(mc) };
    const result = readManifest(input);
    if (!result.ok) throw new Error("should read");
    result.modulesContent.$edgeAgent!.extra = 1;
    expect(input.modulesContent.$edgeAgent!.extra).toBeUndefined();
  });
});

describe("exportManifest", () => {
  it.each([
    ["§6.6 base", mc],
    ["§5.3 layer", layeredExampleContent()],
    ["empty", {}],
  ])("round-trips the %s manifest", (_name, content) => {
    const exported = exportManifest(content);
    expect(exported).toEqual({ modulesContent: content });
    expect(readManifest(JSON.parse(JSON.stringify(exported)))).toEqual({ ok: true, modulesContent: content });
  });
});
