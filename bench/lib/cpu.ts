import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { resetStatements, topStatements, type StatementFigure } from "./pg-statements";

/**
 * CPU accounting from /proc (Linux): how many CPU-seconds each party used during a measured run,
 * and how much went to processes that are not part of the benchmark at all (other work on the
 * machine), so that polluted figures can be recognised.
 */
const TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

export type CpuParties = { server?: number; baseline?: number; postgresDataDir: string };
export type CpuSnapshot = { at: number; total: number; parties: Record<string, number> };
export type CpuReport = {
  seconds: number;
  /** CPU-seconds used per party; `others` is everything else on the machine. */
  cpuSeconds: Record<string, number>;
  /** Share of the whole machine (all cores) used by each party, in percent. */
  machinePercent: Record<string, number>;
};

function procTicks(pid: number, withChildren = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    const own = Number(fields[11]) + Number(fields[12]);
    return withChildren ? own + Number(fields[13]) + Number(fields[14]) : own;
  } catch {
    return 0;
  }
}

/** The postmaster of the cluster in `dataDir` and all its backends. */
function postgresPids(dataDir: string): number[] {
  let master: number | null = null;
  try {
    master = Number(fs.readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
  } catch {
    return [];
  }
  const pids = [master];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === master) pids.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return pids;
}

function machineTicks(): number {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0];
  // cpu user nice system idle iowait irq softirq steal …: busy = all but idle and iowait.
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  return f.reduce((a, b) => a + b, 0) - f[3] - (f[4] ?? 0);
}

export function cpuSnapshot(parties: CpuParties): CpuSnapshot {
  const snapshot: Record<string, number> = {
    // The bench process itself, plus finished children it waited for (wrk).
    bench: procTicks(process.pid, true),
    postgres: postgresPids(parties.postgresDataDir).reduce((sum, pid) => sum + procTicks(pid), 0),
  };
  if (parties.server) snapshot.server = procTicks(parties.server);
  if (parties.baseline) snapshot.baseline = procTicks(parties.baseline);
  return { at: performance.now(), total: machineTicks(), parties: snapshot };
}

export function cpuReport(before: CpuSnapshot, after: CpuSnapshot, cores: number): CpuReport {
  const seconds = (after.at - before.at) / 1000;
  const cpuSeconds: Record<string, number> = {};
  let ours = 0;
  for (const [name, ticks] of Object.entries(after.parties)) {
    const used = Math.max(0, ticks - (before.parties[name] ?? 0)) / TICKS;
    cpuSeconds[name] = round(used);
    ours += used;
  }
  cpuSeconds.others = round(Math.max(0, (after.total - before.total) / TICKS - ours));
  const machinePercent: Record<string, number> = {};
  for (const [name, used] of Object.entries(cpuSeconds)) {
    machinePercent[name] = round((used / (seconds * cores)) * 100, 1);
  }
  return { seconds: round(seconds), cpuSeconds, machinePercent };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Every measured run: its label, its CPU split, and its window on CLOCK_MONOTONIC in microseconds
 * (the clock V8 stamps CPU profile samples with, so a server profile can be cut down to the
 * measured EdgeDeck runs: no start-up, no baselines).
 */
export type MeasuredRun = {
  label: string;
  edgedeck: boolean;
  fromUs: number;
  toUs: number;
  cpu: CpuReport;
  /** Operations completed (wrk requests or successful load steps). */
  ops: number;
  /** With `--pg-statements`: PostgreSQL's top statements during the run. */
  statements?: StatementFigure[];
};
export const measuredRuns: MeasuredRun[] = [];
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Runs `work` between two CPU snapshots and records the run. */
export async function withCpu<T>(
  parties: CpuParties,
  cores: number,
  work: () => Promise<T>,
  run: { label: string; edgedeck: boolean },
): Promise<{ result: T; cpu: CpuReport }> {
  await resetStatements();
  const before = cpuSnapshot(parties);
  const fromUs = monotonicUs();
  const result = await work();
  const toUs = monotonicUs();
  const cpu = cpuReport(before, cpuSnapshot(parties), cores);
  const statements = await topStatements();
  const counted = result as { requests?: number; ok?: number };
  measuredRuns.push({ ...run, fromUs, toUs, cpu, ops: counted.requests ?? counted.ok ?? 0, ...(statements ? { statements } : {}) });
  return { result, cpu };
}
