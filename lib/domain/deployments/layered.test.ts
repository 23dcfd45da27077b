import { describe, expect, it } from "vitest";
import { dottedDesiredPath, isLayeredContent } from "./layered";
import { completeExampleManifest, layeredExampleContent } from "./test-fixtures";
import type { ModulesContent } from "./types";

describe("isLayeredContent", () => {
  it.each<[string, ModulesContent, boolean]>([
    ["the §6.6 base example", completeExampleManifest().modulesContent, false],
    ["the §5.3 layered example", layeredExampleContent(), true],
    ["empty content", {}, false],
    ["one dotted key on a custom module", { a: { "properties.desired.x": 1 } }, true],
    ["plain section next to a dotted key", { a: { "properties.desired": {} }, $edgeHub: { "properties.desired.routes.r": "FROM /* INTO $upstream" } }, true],
    ["a key that merely starts with properties.desiredX", { a: { "properties.desiredX": {} } }, false],
  ])("%s ⇒ %s", (_name, mc, layered) => expect(isLayeredContent(mc)).toBe(layered));
});

describe("dottedDesiredPath", () => {
  it.each<[string, string[] | null]>([
    ["properties.desired.modules.local-historian", ["modules", "local-historian"]],
    ["properties.desired.routes.r1", ["routes", "r1"]],
    ["properties.desired.a.b.c", ["a", "b", "c"]],
    ["properties.desired", null],
    ["properties.desired.", null],
    ["properties.desired.a..b", null],
    ["properties.reported.a", null],
  ])("%s ⇒ %j", (key, path) => expect(dottedDesiredPath(key)).toEqual(path));
});
