import { describe, expect, it } from "vitest";
import type { JsonObject } from "../twins";
import { chunkAllCreateOptions, chunkCreateOptions, CREATE_OPTIONS_CHUNK_SIZE, joinCreateOptions } from "./create-options";
import { completeExampleManifest } from "./test-fixtures";
import type { ModulesContent } from "./types";

/** A valid JSON object string of exactly `length` characters. */
const optionsOfLength = (length: number) => {
  const shell = '{"Labels":{"pad":""}}';
  return `{"Labels":{"pad":"${"x".repeat(length - shell.length)}"}}`;
};

describe("chunkCreateOptions", () => {
  it.each([
    [0, ["createOptions"], [0]],
    [2, ["createOptions"], [2]],
    [512, ["createOptions"], [512]],
    [513, ["createOptions", "createOptions01"], [512, 1]],
    [1024, ["createOptions", "createOptions01"], [512, 512]],
    [1025, ["createOptions", "createOptions01", "createOptions02"], [512, 512, 1]],
    [4096, ["createOptions", ...[1, 2, 3, 4, 5, 6, 7].map((n) => `createOptions0${n}`)], Array(8).fill(512)],
    [4097, ["createOptions", ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `createOptions0${n}`)], [...Array(8).fill(512), 1]],
    [5200, null, null],
  ])("%i characters", (length, keys, sizes) => {
    const value = "x".repeat(length);
    const chunks = chunkCreateOptions(value);
    if (keys) expect(Object.keys(chunks)).toEqual(keys);
    if (sizes) expect(Object.values(chunks).map((c) => c.length)).toEqual(sizes);
    expect(Object.values(chunks).join("")).toBe(value);
    expect(Object.values(chunks).every((c) => c.length <= CREATE_OPTIONS_CHUNK_SIZE)).toBe(true);
    if (length === 5200) expect(Object.keys(chunks).slice(-2)).toEqual(["createOptions09", "createOptions10"]);
  });

  it("never splits a surrogate pair", () => {
    const value = `${"a".repeat(511)}😀${"b".repeat(10)}`;
    const chunks = Object.values(chunkCreateOptions(value));
    expect(chunks.map((c) => c.length)).toEqual([511, 12]);
    expect(chunks.join("")).toBe(value);
  });

  it("round-trips through joinCreateOptions for long options", () => {
    const value = optionsOfLength(5000);
    expect(joinCreateOptions(chunkCreateOptions(value))).toEqual({ ok: true, value });
  });
});

describe("joinCreateOptions (edgeAgent's chunk rules)", () => {
  it.each<[string, JsonObject, string]>([
    ["no createOptions", { image: "x" }, ""],
    ["empty string", { createOptions: "" }, ""],
    ['"null"', { createOptions: "null" }, "null"],
    ["one chunk", { createOptions: '{"a":1}' }, '{"a":1}'],
    ["two-digit chunks in order", { createOptions: '{"a"', createOptions01: ":1", createOptions02: "}" }, '{"a":1}'],
    ["keys given out of order are sorted", { createOptions02: "}", createOptions: '{"a"', createOptions01: ":1" }, '{"a":1}'],
    ["single-digit suffixes below 10 still sort right", { createOptions: '{"a"', createOptions1: ":1", createOptions2: "}" }, '{"a":1}'],
  ])("%s", (_name, settings, value) => expect(joinCreateOptions(settings)).toEqual({ ok: true, value }));

  it.each<[string, JsonObject, string | undefined, string]>([
    ["a gap", { createOptions: "{", createOptions02: "}" }, "createOptions02", "expected 'createOptions01'"],
    ["no plain createOptions", { createOptions01: "{}" }, "createOptions01", "exactly 'createOptions'"],
    ["wrong case of the first key", { CreateOptions: "{}" }, "CreateOptions", "exactly 'createOptions'"],
    ["a duplicate number", { createOptions: "{", createOptions01: '"a":1', createOptions1: "}" }, "createOptions1", "carries 1"],
    [
      "createOptions2 sorts after createOptions10",
      Object.fromEntries([["createOptions", "{"], ...Array.from({ length: 10 }, (_, i) => [`createOptions${i + 1}`, " "]), ["createOptions11", "}"]]),
      "createOptions10",
      "carries 10",
    ],
    ["a chunk that is not a string", { createOptions: "{", createOptions01: 5 }, "createOptions01", "must be a string"],
    ["invalid JSON", { createOptions: "{bad" }, "createOptions", "not valid JSON"],
    ["JSON that is not an object", { createOptions: "[1]" }, "createOptions", "JSON object"],
    ["more than 100 chunks", Object.fromEntries(Array.from({ length: 101 }, (_, i) => [i === 0 ? "createOptions" : `createOptions${String(i).padStart(2, "0")}`, " "])), undefined, "at most 100"],
  ])("rejects %s", (_name, settings, key, message) => {
    const result = joinCreateOptions(settings);
    expect(result).toMatchObject({ ok: false, ...(key === undefined ? {} : { key }) });
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe("chunkAllCreateOptions", () => {
  const long = optionsOfLength(1300);
  const withLong = (): ModulesContent => {
    const mc = completeExampleManifest().modulesContent;
    const desired = mc.$edgeAgent!["properties.desired"] as JsonObject;
    (((desired.modules as JsonObject)["opcua-collector"] as JsonObject).settings as JsonObject).createOptions = long;
    (((desired.systemModules as JsonObject).edgeHub as JsonObject).settings as JsonObject).createOptions = long;
    return mc;
  };
  const settingsOf = (mc: ModulesContent, ...path: string[]) => {
    let at = mc.$edgeAgent!["properties.desired"] as JsonObject;
    for (const key of path) at = at[key] as JsonObject;
    return at.settings as JsonObject;
  };

  it("splits long module and system module options, leaves short ones and the input alone", () => {
    const input = withLong();
    const before = structuredClone(input);
    const out = chunkAllCreateOptions(input);
    expect(input).toEqual(before);
    for (const path of [["modules", "opcua-collector"], ["systemModules", "edgeHub"]]) {
      const settings = settingsOf(out, ...path);
      expect(Object.keys(settings)).toEqual(["image", "createOptions", "createOptions01", "createOptions02"]);
      expect(joinCreateOptions(settings)).toEqual({ ok: true, value: long });
    }
    expect(settingsOf(out, "modules", "anomaly-filter")).toEqual(settingsOf(input, "modules", "anomaly-filter"));
  });

  it("re-chunks over-long chunks that were already split, and keeps an invalid sequence for validation to report", () => {
    const settings = { image: "x", createOptions: long.slice(0, 700), createOptions01: long.slice(700) };
    const gap = { image: "x", createOptions: long.slice(0, 700), createOptions02: long.slice(700) };
    const mc: ModulesContent = { $edgeAgent: { "properties.desired": { modules: { a: { settings }, b: { settings: gap } } } } };
    const out = chunkAllCreateOptions(mc);
    expect(Object.keys(settingsOf(out, "modules", "a"))).toEqual(["image", "createOptions", "createOptions01", "createOptions02"]);
    expect(settingsOf(out, "modules", "b")).toEqual(gap);
  });

  it.each<[string, ModulesContent, string[]]>([
    ["a dotted module definition", { $edgeAgent: { "properties.desired.modules.h": { settings: { image: "h", createOptions: long } } } }, ["properties.desired.modules.h"]],
    ["a dotted settings object", { $edgeAgent: { "properties.desired.modules.h.settings": { image: "h", createOptions: long } } }, ["properties.desired.modules.h.settings"]],
    [
      "a dotted createOptions string",
      { $edgeAgent: { "properties.desired.modules.h.settings.createOptions": long } },
      ["properties.desired.modules.h.settings.createOptions", "properties.desired.modules.h.settings.createOptions01", "properties.desired.modules.h.settings.createOptions02"],
    ],
  ])("layered: %s", (_name, mc, keys) => {
    const out = chunkAllCreateOptions(mc);
    expect(Object.keys(out.$edgeAgent!)).toEqual(keys);
    expect(JSON.stringify(out)).not.toContain(long);
  });
});
