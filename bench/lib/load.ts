import { round, sleep, summarise, type LatencySummary } from "./stats";

export type LoadResult = {
  ok: number;
  failed: number;
  /** Outcome counts by label (HTTP status, `cas-miss`, error name). */
  outcomes: Record<string, number>;
  elapsedSeconds: number;
  /** Successful operations per second. */
  perSecond: number;
  latency: LatencySummary;
  firstFailure?: string;
};

export type Step = () => Promise<{ ok: boolean; label: string; detail?: string }>;

/**
 * `workers` loops, each running its own `step` back to back (closed loop) until `seconds` have
 * passed; with `rate`, the workers share that many operations per second between them, evenly
 * spaced (an operation that is late starts at once, so the schedule catches up).
 */
export async function runLoad(options: { steps: Step[]; seconds: number; rate?: number }): Promise<LoadResult> {
  const { steps, seconds, rate } = options;
  const started = performance.now();
  const end = started + seconds * 1000;
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const interval = rate ? (steps.length * 1000) / rate : 0;

  await Promise.all(
    steps.map(async (step, w) => {
      let nextAt = started + (rate ? (w * 1000) / rate : 0);
      while (performance.now() < end) {
        if (rate) {
          const wait = nextAt - performance.now();
          if (wait > 1) await sleep(wait);
          nextAt += interval;
          if (performance.now() >= end) break;
        }
        const t0 = performance.now();
        let outcome: Awaited<ReturnType<Step>>;
        try {
          outcome = await step();
        } catch (error) {
          outcome = { ok: false, label: error instanceof Error ? error.name : "error", detail: String(error) };
        }
        latencies.push(performance.now() - t0);
        outcomes[outcome.label] = (outcomes[outcome.label] ?? 0) + 1;
        if (outcome.ok) ok++;
        else {
          failed++;
          firstFailure ??= `${outcome.label}: ${outcome.detail ?? ""}`.slice(0, 500);
        }
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  return {
    ok,
    failed,
    outcomes,
    elapsedSeconds: round(elapsedSeconds),
    perSecond: round(ok / elapsedSeconds, 1),
    latency: summarise(latencies),
    ...(firstFailure ? { firstFailure } : {}),
  };
}
