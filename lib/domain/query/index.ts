/**
 * IoT Hub query language (reference §9) compiled to parameterised PostgreSQL over the `devices` and
 * `modules` tables (alias `t`). See compiler.ts for paging, predicates.ts for comparison semantics.
 */
export { parseQuery } from "./parser";
export { compileQuery, type CompiledQuery, type CompileOptions } from "./compiler";
export type { QueryAst, Expr, SelectItem, PathExpr, Primitive } from "./ast";
export type { SqlParam } from "./values";
export { MAX_QUERY_LENGTH } from "./tokenizer";
