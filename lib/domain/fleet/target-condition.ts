import { AppError, isAppError } from "../errors";
import { compileExpr } from "../query/compile-expression";
import { parseQuery } from "../query/parser";
import { toPred, type SqlParams } from "../query/values";
import { compileFleetFilter } from "./filter";

/**
 * A deployment's target condition (reference §5.2) as one SQL predicate over `devices t`: `*` means
 * every edge device, anything else is a WHERE clause over device twins, and only edge devices are
 * ever targeted. Errors name the `targetCondition` field and the position in the text.
 */
export function compileTargetCondition(condition: string, params: SqlParams): string {
  const text = condition.trim();
  if (text === "") throw new AppError("ArgumentInvalid", "targetCondition is required ('*' targets every edge device)", { path: "targetCondition" });
  if (text === "*") return compileFleetFilter({ edge: true }, params);
  if (/^\s*select\b/i.test(text)) {
    throw new AppError("ArgumentInvalid", "targetCondition is a WHERE clause, e.g. tags.env='prod' (not a whole SELECT)", { path: "targetCondition", position: 0 });
  }
  try {
    return compileFleetFilter({ query: text, edge: true }, params);
  } catch (error) {
    if (isAppError(error)) throw new AppError(error.code, error.message, { ...error.details, path: "targetCondition" });
    throw error;
  }
}

/**
 * A custom metric query (`SELECT deviceId FROM devices[.modules] WHERE …`, reference §5.1) as a row
 * count: the metric's value is the number of rows the query returns.
 */
export function compileMetricCount(query: string, params: SqlParams, path: string): string {
  try {
    const ast = parseQuery(query);
    if (ast.groupBy.length > 0) throw new AppError("ArgumentInvalid", "A metric query counts rows; GROUP BY is not supported here", { path });
    const table = ast.from.collection === "modules" ? "modules" : "devices";
    const where = ast.where ? toPred(compileExpr(ast.where, { collection: ast.from.collection, params }), params).sql : "TRUE";
    return `(SELECT count(*) FROM ${table} t WHERE ${where})`;
  } catch (error) {
    if (isAppError(error)) throw new AppError(error.code, error.message, { ...error.details, path });
    throw error;
  }
}
