import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

export type MachineInfo = {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  postgres: string;
  wrk: string;
  loadAverage: number[];
};

/** What the figures were measured on; PostgreSQL's version comes from the running cluster. */
export function machineInfo(postgresVersion: string): MachineInfo {
  const nproc = Number(spawnSync("nproc", { encoding: "utf8" }).stdout.trim()) || os.availableParallelism();
  const cpuinfo = readOr("/proc/cpuinfo");
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(readOr("/proc/meminfo"))?.[1] ?? os.totalmem() / 1024);
  return {
    nproc,
    cpuModel,
    memoryGiB: Math.round((memKb / 1024 / 1024) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: postgresVersion,
    wrk: wrkVersion() ?? "missing",
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export const WRK = "wrk";

/** `wrk -v` prints its version and exits 1; null when wrk is not installed. */
export function wrkVersion(): string | null {
  const result = spawnSync(WRK, ["-v"], { encoding: "utf8" });
  if (result.error) return null;
  return /wrk\s+(\S+)/.exec(`${result.stdout}${result.stderr}`)?.[1] ?? "unknown";
}

export function requireWrk(): void {
  if (wrkVersion() === null) {
    throw new Error("wrk is not installed (needed for the twin GET benchmark). On Debian/Ubuntu: apt-get install wrk");
  }
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Waits until the 1-minute load average is below `threshold`, up to `minutes`; returns the last reading. */
export async function waitForIdle(threshold: number, minutes: number, log: (line: string) => void): Promise<number> {
  const deadline = Date.now() + minutes * 60_000;
  let load = os.loadavg()[0];
  while (load >= threshold && Date.now() < deadline) {
    log(`load average ${load.toFixed(2)} >= ${threshold}; waiting (${Math.ceil((deadline - Date.now()) / 60_000)} min left)`);
    await new Promise((r) => setTimeout(r, 20_000));
    load = os.loadavg()[0];
  }
  if (load >= threshold) log(`load average still ${load.toFixed(2)} after ${minutes} min; going ahead`);
  return load;
}
