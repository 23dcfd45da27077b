import type { Sql } from "postgres";
import type { BenchArgs } from "./args";
import type { CpuParties } from "./cpu";
import type { ManagedProcess } from "./processes";

/** What every benchmark gets: the servers under test, a SQL client for baselines and setup reads. */
export type BenchContext = {
  args: BenchArgs;
  server: ManagedProcess;
  baseline: ManagedProcess;
  /** The bench's own postgres.js client (baselines run on it). */
  sql: Sql;
  databaseUrl: string;
  /** `Authorization` header value for the EdgeDeck API and the Socket.IO handshake. */
  token: string;
  cores: number;
  cpuParties: CpuParties;
  log(line: string): void;
};

/** One line of the figures table. */
export type FigureRow = {
  benchmark: string;
  metric: string;
  unit: string;
  edgedeck: number | null;
  baseline: number | null;
  /** edgedeck / baseline, whatever the direction of "better". */
  ratio: number | null;
  target: string;
  /** null when the row is informational. */
  met: boolean | null;
  note?: string;
};

export type BenchResult = {
  name: string;
  rows: FigureRow[];
  /** Raw figures for the JSON file: every run, its latency summary, CPU split and errors. */
  details: Record<string, unknown>;
};

export const ratioOf = (a: number | null, b: number | null) =>
  a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? null : Math.round((a / b) * 1000) / 1000;
