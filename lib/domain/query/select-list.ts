import type { AggregateExpr, QueryAst } from "./ast";
import { value, type ExprContext } from "./compile-expression";
import { outputName, pathKey, resolvePath } from "./paths";
import { syntaxError } from "./tokenizer";
import { asJson, asNumeric, asText } from "./values";

/** One output column: generated SQL alias `c<i>` and the key it gets in the result item. */
export type OutputColumn = { sql: string; name: string };

export type SelectList = { columns: OutputColumn[]; groupBy: string[]; isAggregate: boolean };

/**
 * Builds the projected columns (always jsonb, so every driver returns parsed JSON) and the GROUP BY
 * expressions. Unaliased aggregates are named after the function in lower case (`count`, `avg`, …).
 * Each GROUP BY path that is not projected is still returned, under its last segment name.
 */
export function buildSelectList(ast: QueryAst, ctx: ExprContext): SelectList {
  const isAggregate = ast.groupBy.length > 0 || ast.items.some((i) => i.expr.kind === "aggregate");
  if (ast.star && ast.groupBy.length > 0) {
    const pos = ast.groupBy[0]!.pos;
    throw syntaxError(`GROUP BY cannot be used with SELECT * (position ${pos})`, pos, "a projection");
  }
  const names = new Set<string>();
  const columns: OutputColumn[] = [];
  const add = (name: string, sql: string, pos: number) => {
    if (names.has(name)) {
      throw syntaxError(`Duplicate output name '${name}' at position ${pos}; use AS to rename`, pos, "a unique name");
    }
    names.add(name);
    columns.push({ name, sql });
  };

  const groupKeys = ast.groupBy.map(pathKey);
  const groupBy = ast.groupBy.map((g) => asJson(resolvePath(g, ctx.collection, ctx.params), ctx.params));
  const projected = new Set<string>();

  for (const item of ast.items) {
    const e = item.expr;
    if (e.kind === "aggregate") {
      add(item.alias ?? e.fn.toLowerCase(), aggregateSql(e, ctx), item.pos);
      continue;
    }
    const name = item.alias ?? outputName(e);
    if (!isAggregate) {
      add(name, asJson(resolvePath(e, ctx.collection, ctx.params), ctx.params), item.pos);
      continue;
    }
    const g = groupKeys.indexOf(pathKey(e));
    if (g < 0) {
      throw syntaxError(
        `'${e.segments.map((s) => s.name).join(".")}' at position ${item.pos} must be an aggregate or appear in GROUP BY`,
        item.pos,
        "an aggregate or a GROUP BY path",
      );
    }
    projected.add(groupKeys[g]!);
    add(name, groupBy[g]!, item.pos);
  }
  ast.groupBy.forEach((g, i) => {
    if (!projected.has(groupKeys[i]!)) {
      projected.add(groupKeys[i]!);
      add(outputName(g), groupBy[i]!, g.pos);
    }
  });
  return { columns, groupBy, isAggregate };
}

/**
 * COUNT() counts rows. SUM/AVG consider numbers only. MIN/MAX consider numbers and strings
 * (timestamps as ISO strings) with numbers ordered before strings: MIN is the smallest number if
 * any number exists, else the smallest string; MAX is the largest string if any, else the largest number.
 */
function aggregateSql(e: AggregateExpr, ctx: ExprContext): string {
  if (e.fn === "COUNT") return "to_jsonb(count(*))";
  const v = value(e.arg!, ctx);
  const num = asNumeric(v, ctx.params);
  if (e.fn === "SUM" || e.fn === "AVG") {
    return num === null ? "NULL::jsonb" : `to_jsonb(${e.fn.toLowerCase()}(${num}))`;
  }
  const text = asText(v, ctx.params);
  const fn = e.fn.toLowerCase();
  const parts = [
    num === null ? null : `to_jsonb(${fn}(${num}))`,
    text === null ? null : `to_jsonb(${fn}(${text} COLLATE "C"))`,
  ].filter((x): x is string => x !== null);
  if (e.fn === "MAX") parts.reverse();
  if (parts.length === 0) return "NULL::jsonb";
  return parts.length === 1 ? parts[0]! : `COALESCE(${parts.join(", ")})`;
}
