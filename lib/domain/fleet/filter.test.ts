import { describe, expect, it } from "vitest";
import { SqlParams } from "../query/values";
import { compileFleetFilter } from "./filter";

const compile = (query: string) => {
  const params = new SqlParams();
  return { sql: compileFleetFilter({ query }, params), params: params.values };
};

describe("fleet filter", () => {
  it.each([
    // A bare WHERE clause: positions point into the text typed, not the wrapped query.
    ["tags.site = ", 12, "Expected an expression but found end of query at position 12"],
    ["tags.x = 1 ^ 2", 11, "Unexpected character '^' at position 11"],
    ["tags.x = 'abc", 9, "Unterminated string starting at position 9: expected closing '"],
    // A full query keeps its own positions.
    ["SELECT * FROM devices WHERE tags.x = 1 ^ 2", 39, "Unexpected character '^' at position 39"],
  ])("reports a syntax error in %j at position %i", (query, position, message) => {
    expect(() => compile(query)).toThrow(expect.objectContaining({ code: "ArgumentInvalid", message, details: expect.objectContaining({ position, path: "query" }) }));
  });

  it("refuses FROM devices.modules, pointing at FROM's collection", () => {
    expect(() => compile("SELECT * FROM devices.modules")).toThrow(expect.objectContaining({ details: expect.objectContaining({ path: "query" }) }));
  });

  it("keeps user text in parameters only", () => {
    const { sql, params } = compile("tags.site = 'x''; drop table devices; --'");
    expect(sql).not.toContain("drop table");
    expect(params.some((p) => String(p).includes("x'; drop table devices; --"))).toBe(true);
  });

  it.each([
    [{}, "TRUE"],
    [{ connection: "Connected" as const }, "t.presence_state ="],
    [{ health: "healthy" as const }, "= '200'"],
    [{ moduleFailures: true }, "jsonb_path_exists"],
    [{ edge: false }, "NOT t.edge_enabled"],
  ])("quick filter %j", (filter, fragment) => {
    expect(compileFleetFilter(filter, new SqlParams())).toContain(fragment);
  });
});
