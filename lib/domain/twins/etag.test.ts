import { describe, expect, it } from "vitest";
import { identityEtag, parseIfMatch, twinEtag, type IfMatch } from "./etag";
import { appErrorOf } from "./test-helpers";

describe("twinEtag", () => {
  it.each<[number, string]>([
    [0, "AAAAAAAAAAA="],
    [1, "AAAAAAAAAAE="],
    [3, "AAAAAAAAAAM="],
    [7, "AAAAAAAAAAc="],
    [256, "AAAAAAAAAQA="],
    [Number.MAX_SAFE_INTEGER, "AB////////8="],
  ])("version %i ⇒ %s", (version, etag) => {
    expect(twinEtag(version)).toBe(etag);
  });

  it.each([-1, 1.5, Number.NaN])("rejects %s", (v) => {
    expect(appErrorOf(() => twinEtag(v)).code).toBe("ArgumentInvalid");
  });
});

describe("identityEtag", () => {
  it.each<[number, string]>([
    [795214636, "Nzk1MjE0NjM2"],
    [256812079, "MjU2ODEyMDc5"],
    [198765432, "MTk4NzY1NDMy"],
    [1, "MQ=="],
  ])("counter %i ⇒ %s", (counter, etag) => {
    expect(identityEtag(counter)).toBe(etag);
  });

  it("rejects a negative counter", () => {
    expect(appErrorOf(() => identityEtag(-5)).code).toBe("ArgumentInvalid");
  });
});

describe("parseIfMatch", () => {
  it.each<[string | null | undefined, IfMatch | null]>([
    [null, null],
    [undefined, null],
    ["", null],
    ["   ", null],
    ["*", { kind: "any" }],
    ['"*"', { kind: "any" }],
    [' "*" ', { kind: "any" }],
    ['"AAAAAAAAAAc="', { kind: "etag", etag: "AAAAAAAAAAc=" }],
    ["AAAAAAAAAAc=", { kind: "etag", etag: "AAAAAAAAAAc=" }],
    ['W/"Nzk1MjE0NjM2"', { kind: "etag", etag: "Nzk1MjE0NjM2" }],
    ['W/"*"', { kind: "any" }],
    ['""', { kind: "etag", etag: "" }],
    ['"abc', { kind: "etag", etag: '"abc' }],
  ])("%j", (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });
});
