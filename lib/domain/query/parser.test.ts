import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { compileQuery, parseQuery } from "./index";

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

const long = "SELECT * FROM devices WHERE " + "tags.x = 1 OR ".repeat(600) + "tags.x = 2";

describe("syntax errors carry the 0-based position and say what was expected and found", () => {
  it.each<[string, number, string]>([
    ["", 0, "Expected SELECT but found end of query at position 0"],
    ["SELEC * FROM devices", 0, "Expected SELECT but found 'SELEC' at position 0"],
    ["SELECT * devices", 9, "Expected FROM but found 'devices' at position 9"],
    ["SELECT FROM devices", 7, "Expected '*', a property path or an aggregate but found 'FROM' at position 7"],
    ["SELECT * FROM devices WHERE", 27, "Expected an expression but found end of query at position 27"],
    ["SELECT * FROM devices WHERE NOT", 31, "Expected an expression but found end of query at position 31"],
    ["SELECT * FROM devices WHERE tags.x = 'abc", 37, "Unterminated string starting at position 37: expected closing '"],
    ['SELECT * FROM devices WHERE tags.x = "abc', 37, 'Unterminated string starting at position 37: expected closing "'],
    ["SELECT * FROM devices WHERE tags.x = 1 ^ 2", 39, "Unexpected character '^' at position 39"],
    ["SELECT * FROM devices WHERE tags.x = 1 tags.y", 39, "Expected end of query but found 'tags' at position 39"],
    ["SELECT * FROM devices x", 22, "Expected WHERE, GROUP BY or end of query but found 'x' at position 22"],
    ["SELECT * FROM devices WHERE foo(1)", 28, "Unknown function 'foo' at position 28"],
    ["SELECT * FROM things", 14, "Unknown collection 'things' at position 14: expected devices or devices.modules"],
    ["SELECT * FROM devices.jobs", 22, "Collection 'devices.jobs' is not supported at position 22"],
    ["SELECT * FROM devices.foo", 22, "Unknown collection 'devices.foo' at position 22"],
    ["SELECT * FROM 'devices'", 14, "Expected a collection (devices or devices.modules) but found ''devices'' at position 14"],
    ["SELECT TOP x * FROM devices", 11, "Expected a non-negative integer after TOP but found 'x' at position 11"],
    ["SELECT TOP 1.5 * FROM devices", 11, "Expected a non-negative integer after TOP but found '1.5'"],
    ["SELECT * FROM devices WHERE (tags.x = 1", 39, "Expected ')' but found end of query at position 39"],
    ["SELECT * FROM devices WHERE tags.x IN 'a'", 38, "Expected '[' starting the list of values but found ''a'' at position 38"],
    ["SELECT * FROM devices WHERE tags.x IN [tags.y]", 39, "Expected a constant in the list at position 39"],
    ["SELECT * FROM devices WHERE tags.x IN ['a' 'b']", 43, "Expected ']' but found ''b'' at position 43"],
    ["SELECT * FROM devices WHERE tags. = 1", 34, "Expected a property name after '.' but found '=' at position 34"],
    ["SELECT * FROM devices WHERE tags.[[x = 1", 33, "Unterminated quoted name starting at position 33: expected ']]'"],
    ["SELECT * FROM devices WHERE tags.[[]] = 1", 33, "Empty quoted name '[[]]' at position 33"],
    ["SELECT * FROM devices WHERE tags.x = 'a\\q'", 39, "Invalid escape sequence '\\q' in string at position 39"],
    ["SELECT * FROM devices WHERE tags.x = 12abc", 37, "Invalid number '12a' at position 37"],
    ["SELECT * FROM devices WHERE COUNT() > 1", 28, "Aggregate function COUNT is only allowed in the SELECT list"],
    ["SELECT * FROM devices WHERE IS_DEFINED(tags.x, 1)", 28, "Function IS_DEFINED takes 1 argument but 2 were given"],
    ["SELECT * FROM devices WHERE STARTS_WITH(deviceId)", 28, "Function STARTS_WITH takes 2 arguments but 1 were given"],
    ["SELECT AVG() FROM devices", 7, "Function AVG takes 1 argument but 0 were given"],
    ["SELECT UPPER(deviceId) FROM devices", 7, "Expected a property path or an aggregate (COUNT, AVG, SUM, MIN, MAX) but found function 'UPPER'"],
    ["SELECT deviceId AS FROM devices", 19, "Expected an alias name after AS but found 'FROM' at position 19"],
    ["SELECT * FROM devices GROUP tags.x", 28, "Expected BY but found 'tags' at position 28"],
    ["SELECT * FROM devices WHERE group = 1", 28, "Expected an expression but found 'group' at position 28"],
    ["SELECT * FROM devices WHERE tags.x = = 1", 37, "Expected an expression but found '=' at position 37"],
    [long, 8192, `Query is ${long.length} characters long; the maximum is 8192`],
  ])("%j", (query, position, message) => {
    const e = errorOf(() => parseQuery(query));
    expect(e.code).toBe("ArgumentInvalid");
    expect(e.details?.position).toBe(position);
    expect(e.message).toContain(message);
  });
});

describe("semantic errors found while compiling", () => {
  it.each<[string, number, string]>([
    ["SELECT * FROM devices WHERE foo.x = 1", 28, "Unknown attribute 'foo' at position 28"],
    ["SELECT * FROM devices WHERE generationId = 'x'", 28, "Unknown attribute 'generationId'"],
    ["SELECT * FROM devices WHERE moduleId = 'x'", 28, "Attribute 'moduleId' is not available on devices"],
    ["SELECT * FROM devices.modules WHERE capabilities.iotEdge = true", 36, "Attribute 'capabilities' is not available on devices.modules"],
    ["SELECT * FROM devices.modules WHERE deviceScope = 'x'", 36, "Attribute 'deviceScope' is not available on devices.modules"],
    ["SELECT * FROM devices WHERE properties.foo = 1", 39, "Unknown attribute 'properties.foo' at position 39; expected properties.desired or properties.reported"],
    ["SELECT deviceId, COUNT() FROM devices", 7, "'deviceId' at position 7 must be an aggregate or appear in GROUP BY"],
    ["SELECT tags.a, COUNT() FROM devices GROUP BY tags.b", 7, "'tags.a' at position 7 must be an aggregate or appear in GROUP BY"],
    ["SELECT * FROM devices GROUP BY tags.x", 31, "GROUP BY cannot be used with SELECT *"],
    ["SELECT tags.a.x, tags.b.x FROM devices", 17, "Duplicate output name 'x' at position 17; use AS to rename"],
    ["SELECT COUNT(), COUNT() FROM devices", 16, "Duplicate output name 'count'"],
    ["SELECT COUNT() AS env FROM devices GROUP BY tags.env", 44, "Duplicate output name 'env'"],
    ["SELECT * FROM devices WHERE tags.x = [1]", 37, "Array constants are only allowed after IN or NIN"],
    ["SELECT * FROM devices WHERE nope(1) = 1", 28, "Unknown function 'nope'"],
    ["SELECT * FROM devices WHERE $edgeAgent = 1", 28, "Unknown attribute '$edgeAgent'"],
  ])("%j", (query, position, message) => {
    const e = errorOf(() => compileQuery(query, { pageSize: 10 }));
    expect(e.code).toBe("ArgumentInvalid");
    expect(e.details?.position).toBe(position);
    expect(e.message).toContain(message);
  });
});

describe("parse trees", () => {
  it.each<[string, unknown]>([
    ["select top 5 * from Devices", { top: 5, star: true, items: [], from: { collection: "devices", pos: 20 }, where: null, groupBy: [] }],
    ["SELECT TOP 0x10 * FROM devices.MODULES", { top: 16, from: { collection: "modules", pos: 23 } }],
    ["SELECT COUNT(*) AS n FROM devices", { items: [{ expr: { kind: "aggregate", fn: "COUNT", arg: null, pos: 7 }, alias: "n", pos: 7 }] }],
    ["SELECT deviceId AS 'the id' FROM devices", { items: [{ alias: "the id" }] }],
    ["SELECT * FROM devices WHERE a = 1 OR b = 2 AND NOT c = 3", {
      where: { kind: "logic", op: "OR", right: { kind: "logic", op: "AND", right: { kind: "not", operand: { kind: "compare", op: "=" } } } },
    }],
    ["SELECT * FROM devices WHERE x = 1 + 2 * -3", {
      where: { right: { kind: "arith", op: "+", left: { value: 1 }, right: { kind: "arith", op: "*", right: { kind: "const", value: -3 } } } },
    }],
    ["SELECT * FROM devices WHERE x <> 'a'", { where: { kind: "compare", op: "!=" } }],
    ["SELECT * FROM devices WHERE x NOT IN [1, -2.5e1, 'a', null, true, undefined, [1]]", {
      where: { kind: "in", negated: true, items: [{ value: 1 }, { value: -25 }, { value: "a" }, { value: null }, { value: true }, { value: undefined }, { kind: "array" }] },
    }],
    ["SELECT * FROM devices WHERE tags.[[group]].name = 1", {
      where: { left: { kind: "path", segments: [{ name: "tags", quoted: false, pos: 28 }, { name: "group", quoted: true, pos: 33 }, { name: "name", quoted: false, pos: 43 }] } },
    }],
    ["SELECT * FROM devices WHERE tags.select.from = 1", { where: { left: { segments: [{ name: "tags" }, { name: "select" }, { name: "from" }] } } }],
    ["SELECT * FROM devices WHERE STARTSWITH(a, 'x') AND ends_with(a, 'y')", {
      where: { left: { kind: "call", name: "STARTS_WITH" }, right: { kind: "call", name: "ENDS_WITH" } },
    }],
    ["SELECT tags.env, AVG(properties.reported.t) FROM devices GROUP BY tags.env, tags.site", {
      items: [{ expr: { kind: "path" }, alias: null }, { expr: { kind: "aggregate", fn: "AVG", arg: { kind: "path" } } }],
      groupBy: [{ segments: [{ name: "tags" }, { name: "env" }] }, { segments: [{ name: "tags" }, { name: "site" }] }],
    }],
  ])("%s", (query, shape) => {
    expect(parseQuery(query)).toMatchObject(shape as object);
  });
});
