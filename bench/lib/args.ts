import { parseArgs } from "node:util";

export const BENCHMARKS = ["twin-get", "twin-patch", "query-page", "change-feed"] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export type BenchArgs = {
  devices: number;
  modulesPerDevice: number;
  /** Seconds each measured run lasts (warm-up not included). */
  duration: number;
  warmup: number;
  /** wrk connections and threads for the twin GET benchmark. */
  connections: number;
  threads: number;
  /** Concurrent PATCH workers (and SQL connections for the compare-and-set baseline). */
  concurrency: number;
  /** Paced write rate of the change-feed latency run. */
  rate: number;
  only: BenchmarkName[];
  /** Profile the EdgeDeck server (`node --cpu-prof`) and summarise its top frames at the end. */
  cpuProf: boolean;
  /** Load pg_stat_statements into the cluster and print PostgreSQL's top statements per measured run. */
  pgStatements: boolean;
  /** Minutes to wait (after seeding) for the 1-minute load average to drop below `idleLoad`. */
  waitForIdle: number;
  idleLoad: number;
  prefix: string;
};

const USAGE = `node --import tsx bench/run.ts [options]
  --devices N              edge devices to seed (default 100000)
  --modules-per-device M   modules per device, incl. $edgeAgent and $edgeHub (default 5)
  --duration S             seconds per measured run (default 15)
  --warmup S               seconds of warm-up before each side (default 5)
  --connections C          wrk connections for twin GET (default 32)
  --threads T              wrk threads (default 2)
  --concurrency C          PATCH workers / SQL connections (default 16)
  --rate R                 paced writes/s for the change-feed latency run (default 1000)
  --only a,b               run a subset of: ${BENCHMARKS.join(", ")}
  --cpu-prof               run the EdgeDeck server under --cpu-prof and summarise the profile
  --pg-statements          load pg_stat_statements and print PostgreSQL's top statements per measured run
  --wait-for-idle MIN      before measuring, wait up to MIN minutes for the load average to fall below --idle-load (default 0)
  --idle-load L            load average counted as idle (default 1.5)`;

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      devices: { type: "string", default: "100000" },
      "modules-per-device": { type: "string", default: "5" },
      duration: { type: "string", default: "15" },
      warmup: { type: "string", default: "5" },
      connections: { type: "string", default: "32" },
      threads: { type: "string", default: "2" },
      concurrency: { type: "string", default: "16" },
      rate: { type: "string", default: "1000" },
      only: { type: "string", default: BENCHMARKS.join(",") },
      "cpu-prof": { type: "boolean", default: false },
      "pg-statements": { type: "boolean", default: false },
      "wait-for-idle": { type: "string", default: "0" },
      "idle-load": { type: "string", default: "1.5" },
      prefix: { type: "string", default: "bulk" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, value: string | undefined, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer ${min}..${max}\n\n${USAGE}`);
    return n;
  };
  const only = values.only!.split(",").map((s) => s.trim()).filter(Boolean);
  for (const name of only) {
    if (!(BENCHMARKS as readonly string[]).includes(name)) throw new Error(`--only: unknown benchmark ${name}\n\n${USAGE}`);
  }
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(values.prefix!)) throw new Error("--prefix must be a short id-safe word");
  const idleLoad = Number(values["idle-load"]);
  if (!(idleLoad > 0)) throw new Error("--idle-load must be a positive number");
  return {
    devices: int("devices", values.devices, 50, 1_000_000),
    modulesPerDevice: int("modules-per-device", values["modules-per-device"], 0, 50),
    duration: int("duration", values.duration, 1, 3600),
    warmup: int("warmup", values.warmup, 0, 600),
    connections: int("connections", values.connections, 1, 1000),
    threads: int("threads", values.threads, 1, 64),
    concurrency: int("concurrency", values.concurrency, 1, 200),
    rate: int("rate", values.rate, 1, 100_000),
    only: only as BenchmarkName[],
    cpuProf: values["cpu-prof"]!,
    pgStatements: values["pg-statements"]!,
    waitForIdle: int("wait-for-idle", values["wait-for-idle"], 0, 240),
    idleLoad,
    prefix: values.prefix!,
  };
}
