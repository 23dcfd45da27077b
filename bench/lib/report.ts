import type { FigureRow } from "./context";
import type { MeasuredRun } from "./cpu";
import type { MachineInfo } from "./machine";

const fmt = (n: number | null) => (n === null ? "-" : Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 2 }));
const met = (m: boolean | null) => (m === null ? "" : m ? "yes" : "NO");

const HEADERS = ["Benchmark", "Metric", "EdgeDeck", "Baseline", "Ratio", "Target", "Met"];
const cells = (r: FigureRow) => [r.benchmark, `${r.metric} (${r.unit})`, fmt(r.edgedeck), fmt(r.baseline), fmt(r.ratio), r.target, met(r.met)];

/** The figures as a fixed-width table with the notes below it. */
export function textTable(rows: FigureRow[]): string {
  const table = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  const out = [line(table[0]), widths.map((w) => "-".repeat(w)).join("  "), ...table.slice(1).map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.benchmark} / ${r.metric}: ${r.note}`);
  return [...out, "", "Notes:", ...notes].join("\n");
}

export function markdownTable(rows: FigureRow[]): string {
  const line = (row: string[]) => `| ${row.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [
    line([...HEADERS, "Notes"]),
    line(HEADERS.concat("Notes").map((_, i) => (i >= 2 && i <= 4 ? "---:" : "---"))),
    ...rows.map((r) => line([...cells(r), r.note ?? ""])),
  ].join("\n");
}

export function machineLines(machine: MachineInfo): string {
  return [
    `CPU: ${machine.cpuModel}, nproc ${machine.nproc}; memory ${machine.memoryGiB} GiB; ${machine.kernel}`,
    `Node ${machine.node}; PostgreSQL ${machine.postgres}; wrk ${machine.wrk}; load average at start-up ${machine.loadAverage.join(" ")}`,
  ].join("\n");
}

const PARTIES = ["server", "baseline", "postgres", "bench", "others"] as const;
const PARTY_NAMES: Record<(typeof PARTIES)[number], string> = {
  server: "EdgeDeck",
  baseline: "bare server",
  postgres: "PostgreSQL",
  bench: "bench+wrk",
  others: "other work",
};

/** CPU milliseconds per operation of the process under test (EdgeDeck or the bare server) and of PostgreSQL. */
const perOp = (run: MeasuredRun, party: string) =>
  run.ops > 0 ? `${((1000 * (run.cpu.cpuSeconds[party] ?? 0)) / run.ops).toFixed(2)}` : "-";
const cpuCells = (run: MeasuredRun) => [
  run.label,
  ...PARTIES.map((p) => `${run.cpu.machinePercent[p] ?? 0}%`),
  String(run.ops),
  perOp(run, run.edgedeck ? "server" : appOf(run)),
  perOp(run, "postgres"),
];
/** A baseline's work runs in the bare server or, for the SQL baselines, in the bench process. */
const appOf = (run: MeasuredRun) => ((run.cpu.cpuSeconds.baseline ?? 0) > (run.cpu.cpuSeconds.bench ?? 0) ? "baseline" : "bench");
const PER_OP_HEADERS = ["ops", "app CPU ms/op", "PG CPU ms/op"];

/**
 * Who used the machine during each measured run, as a share of all cores. "other work" is
 * everything outside the benchmark: a large share there means the figures are polluted. CPU per
 * operation is the least noise-sensitive figure: "app" is the EdgeDeck server, the bare server, or
 * (for the SQL baselines) the bench process running postgres.js.
 */
export function cpuTable(runs: MeasuredRun[]): string {
  const head = ["CPU share of the machine per run", ...PARTIES.map((p) => PARTY_NAMES[p]), ...PER_OP_HEADERS];
  const table = [head, ...runs.map(cpuCells)];
  const widths = head.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ")).join("\n");
}

export function cpuMarkdown(runs: MeasuredRun[]): string {
  const head = ["Run", ...PARTIES.map((p) => PARTY_NAMES[p]), ...PER_OP_HEADERS];
  const line = (row: string[]) => `| ${row.join(" | ")} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? "---" : "---:"))), ...runs.map((r) => line(cpuCells(r)))].join("\n");
}
