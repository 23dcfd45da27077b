/** Latency summary in milliseconds from raw samples (milliseconds). */
export type LatencySummary = { count: number; mean: number; p50: number; p90: number; p95: number; p99: number; max: number };

export function summarise(samples: number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN;
  return {
    count: sorted.length,
    mean: round(mean),
    p50: round(at(50)),
    p90: round(at(90)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : NaN),
  };
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Device ids as bulk-seed names them: `{prefix}-0000001`. */
export const deviceId = (prefix: string, n: number) => `${prefix}-${String(n).padStart(7, "0")}`;

/**
 * `workers` disjoint sets of `perWorker` device numbers, starting after `offset` and wrapping around
 * the fleet, so that each benchmark can write to devices that the others do not touch.
 */
export function deviceSets(devices: number, workers: number, perWorker: number, offset: number): number[][] {
  const per = Math.max(1, Math.min(perWorker, Math.floor(devices / workers)));
  return Array.from({ length: workers }, (_, w) =>
    Array.from({ length: per }, (_, k) => ((offset + w * per + k) % devices) + 1),
  );
}
