import { compileExpr, type ExprContext } from "./compile-expression";
import { decodeContinuation, encodeContinuation, hashQuery, type ContinuationState } from "./continuation";
import { parseQuery } from "./parser";
import { and } from "./predicates";
import { buildSelectList, type OutputColumn } from "./select-list";
import { pred, SqlParams, toPred, TRUE_SQL, type Pred, type SqlParam } from "./values";

export type CompiledQuery = {
  collection: "devices" | "modules";
  /** `x-ms-item-type`: twin for `SELECT *`, raw for projections and aggregates. */
  itemType: "twin" | "raw";
  /** Complete parameterised SELECT over `devices t` or `modules t`; user text only ever in `params`. */
  text: string;
  params: SqlParam[];
  /** Turns the rows of `text` into the page's items and the next `x-ms-continuation` (null on the last page). */
  finish(
    rows: Record<string, unknown>[],
    mapTwin: (row: Record<string, unknown>) => unknown,
  ): { items: unknown[]; continuation: string | null };
};

export type CompileOptions = { pageSize: number; continuation?: string | null };

/**
 * Paging. `SELECT *` and projections use keyset paging on (device_id[, module_id]) and fetch one row
 * more than the page to know whether another page exists. Aggregates page with OFFSET over the
 * ordered groups (an aggregate query without GROUP BY has a single row). TOP n caps the total over
 * all pages; the remaining count travels in the continuation token.
 */
export function compileQuery(text: string, opts: CompileOptions): CompiledQuery {
  const ast = parseQuery(text);
  const params = new SqlParams();
  const ctx: ExprContext = { collection: ast.from.collection, params };
  const keyColumns = ast.from.collection === "devices" ? ["t.device_id"] : ["t.device_id", "t.module_id"];

  const conditions: Pred[] = [];
  if (ast.where) conditions.push(toPred(compileExpr(ast.where, ctx), params));
  const select = buildSelectList(ast, ctx);
  const mode = select.isAggregate ? "offset" : "keyset";

  const hash = hashQuery(text);
  const state: ContinuationState = opts.continuation
    ? decodeContinuation(opts.continuation, hash, { mode, keyLength: keyColumns.length, top: ast.top })
    : {};
  if (state.key) conditions.push(keysetCondition(keyColumns, state.key, params));

  const pageSize = Math.max(1, Math.floor(opts.pageSize));
  const remaining = state.remaining ?? ast.top;
  const pageLimit = remaining === null ? pageSize : Math.min(pageSize, remaining);
  const mayHaveMore = remaining === null || remaining > pageLimit;
  const offset = state.offset ?? 0;

  const columns = ast.star
    ? ["t.*"]
    : [
        ...select.columns.map((c, i) => `${c.sql} AS "c${i}"`),
        ...(select.isAggregate ? [] : keyColumns.map((k, i) => `${k} AS "k${i}"`)),
      ];
  const where = and(conditions);
  const sql = [
    `SELECT ${columns.join(", ")} FROM ${ast.from.collection} t`,
    where.sql === TRUE_SQL ? null : `WHERE ${where.sql}`,
    select.groupBy.length ? `GROUP BY ${select.groupBy.join(", ")}` : null,
    orderBy(select.isAggregate ? select.groupBy : keyColumns),
    `LIMIT ${params.int(pageLimit + (mayHaveMore ? 1 : 0))}`,
    offset > 0 ? `OFFSET ${params.int(offset)}` : null,
  ].filter((part): part is string => part !== null).join(" ");
  const final = params.finalize(sql);

  return {
    collection: ast.from.collection,
    itemType: ast.star ? "twin" : "raw",
    text: final.text,
    params: final.params,
    finish(rows, mapTwin) {
      const page = rows.slice(0, pageLimit);
      const items = ast.star ? page.map(mapTwin) : page.map((row) => projectRow(row, select.columns));
      const last = page[page.length - 1];
      if (!mayHaveMore || rows.length <= pageLimit || !last) return { items, continuation: null };
      const next: ContinuationState = select.isAggregate
        ? { offset: offset + page.length }
        : { key: keyColumns.map((_, i) => String(ast.star ? last[i === 0 ? "device_id" : "module_id"] : last[`k${i}`])) };
      if (remaining !== null) next.remaining = remaining - page.length;
      return { items, continuation: encodeContinuation(hash, next) };
    },
  };
}

function orderBy(expressions: string[]): string | null {
  return expressions.length ? `ORDER BY ${expressions.join(", ")}` : null;
}

function keysetCondition(keyColumns: string[], key: string[], params: SqlParams): Pred {
  const values = key.map((k) => params.text(k));
  if (keyColumns.length === 1) return pred(`(${keyColumns[0]} > ${values[0]})`);
  return pred(`((${keyColumns.join(", ")}) > (${values.join(", ")}))`);
}

/** Renames the generated columns to their output names; SQL NULL (undefined) values are left out. */
function projectRow(row: Record<string, unknown>, columns: OutputColumn[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    const v = row[`c${i}`];
    if (v !== null && v !== undefined) out[c.name] = v;
  });
  return out;
}
