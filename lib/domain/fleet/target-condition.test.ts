import { describe, expect, it } from "vitest";
import { isAppError } from "../errors";
import { SqlParams } from "../query/values";
import { compileMetricCount, compileTargetCondition } from "./target-condition";

const compile = (condition: string) => {
  const params = new SqlParams();
  return { sql: compileTargetCondition(condition, params), params: params.values };
};
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error("expected an error");
};

describe("compileTargetCondition", () => {
  it.each([
    ["*", ["t.edge_enabled"], []],
    ["  *  ", ["t.edge_enabled"], []],
    ["tags.env = 'prod'", ["t.edge_enabled", "t.tags"], ["prod"]],
    ["deviceId = 'operator''sDevice'", ["t.edge_enabled", "t.device_id"], ["operator'sDevice"]],
    ["properties.reported.firmware = '1.2'", ["t.edge_enabled", "t.reported"], ["1.2"]],
  ])("%s targets edge devices only, user text only in parameters", (condition, fragments, params) => {
    const compiled = compile(condition);
    for (const fragment of fragments) expect(compiled.sql).toContain(fragment);
    for (const value of params) expect(compiled.sql).not.toContain(value);
    for (const value of params) expect(compiled.params.some((p) => String(p).includes(value))).toBe(true);
  });

  it.each([
    ["", "targetCondition", undefined],
    ["   ", "targetCondition", undefined],
    ["SELECT * FROM devices WHERE tags.env = 'x'", "targetCondition", 0],
    ["tags.env = ", "targetCondition", expect.any(Number)],
    ["tags.env = 'x' AND", "targetCondition", expect.any(Number)],
  ])("refuses %j with a 400 naming targetCondition", (condition, path, position) => {
    const error = errorOf(() => compile(condition));
    expect(error.code).toBe("ArgumentInvalid");
    expect(error.details?.path).toBe(path);
    if (position !== undefined) expect(error.details?.position).toEqual(position);
  });

  it("reports positions inside the condition as typed, not inside the SELECT it is wrapped in", () => {
    const error = errorOf(() => compile("tags.env = = 'x'"));
    expect(error.details?.position).toBeLessThan("tags.env = = 'x'".length);
  });
});

describe("compileMetricCount", () => {
  it.each([
    ["SELECT deviceId FROM devices WHERE tags.env = 'prod'", "FROM devices t"],
    ["SELECT deviceId FROM devices.modules WHERE moduleId = '$edgeAgent' AND configurations.[[dep1]].status = 'Applied'", "FROM modules t"],
    ["SELECT deviceId FROM devices", "WHERE TRUE"],
  ])("%s counts rows of the right table", (query, fragment) => {
    const params = new SqlParams();
    const sql = compileMetricCount(query, params, "metrics.queries.m");
    expect(sql).toMatch(/^\(SELECT count\(\*\)/);
    expect(sql).toContain(fragment);
  });

  it.each([["SELECT FROM"], ["SELECT deviceId FROM devices GROUP BY tags.env"], ["not a query"]])("refuses %j naming the metric", (query) => {
    const error = errorOf(() => compileMetricCount(query, new SqlParams(), "metrics.queries.m"));
    expect(error.code).toBe("ArgumentInvalid");
    expect(error.details?.path).toBe("metrics.queries.m");
  });
});
