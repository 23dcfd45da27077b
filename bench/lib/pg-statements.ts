import type { Sql } from "postgres";

/**
 * PostgreSQL's own account of where its time went in each measured run (`--pg-statements`):
 * pg_stat_statements is loaded into the throwaway cluster, reset before a run and read after it.
 * Execution time only (planning is not tracked by default); the CPU table stays the figure of record.
 */
export const PG_STATEMENTS_SERVER_OPTIONS = "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all";

export type StatementFigure = { calls: number; totalMs: number; meanMs: number; rows: number; query: string };

let recorder: Sql | null = null;

/** Turns recording on for every later `withCpu` run (bench/lib/cpu.ts). */
export async function recordStatements(sql: Sql) {
  await sql`create extension if not exists pg_stat_statements`;
  recorder = sql;
}

export async function resetStatements() {
  if (recorder) await recorder`select pg_stat_statements_reset()`;
}

/** The statements that took most execution time since the last reset, as one-line texts. */
export async function topStatements(limit = 12): Promise<StatementFigure[] | undefined> {
  if (!recorder) return undefined;
  const rows = await recorder<{ calls: string; total: number; rows: string; query: string }[]>`
    select calls, total_exec_time as total, rows, query from pg_stat_statements
    where query not like '%pg_stat_statements%' order by total_exec_time desc limit ${limit}`;
  return rows.map((r) => ({
    calls: Number(r.calls),
    totalMs: Math.round(r.total),
    meanMs: Number((r.total / Math.max(1, Number(r.calls))).toFixed(3)),
    rows: Number(r.rows),
    query: r.query.replace(/\s+/g, " ").slice(0, 160),
  }));
}

export function statementsText(label: string, figures: StatementFigure[]): string {
  const lines = figures.map(
    (f) => `${String(f.totalMs).padStart(8)} ms ${String(f.calls).padStart(8)} calls ${f.meanMs.toFixed(3).padStart(8)} ms/call  ${f.query}`,
  );
  return [`PostgreSQL statements, ${label} (execution time):`, ...lines].join("\n");
}
