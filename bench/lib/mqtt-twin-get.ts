import type { IdentityConnection } from "@/lib/simulator/identity-connection";
import { summarise, type LatencySummary } from "./stats";

export type TwinGetFigures = { identities: number; perIdentity: number; concurrency: number; latency: LatencySummary; errors: number; firstError: string | null; perSecond: number };

/**
 * `$iothub/twin/GET` round trips (publish → `$iothub/twin/res/200`) from `connections`, each doing
 * `perIdentity` GETs, `concurrency` in flight; one unmeasured GET per identity first (warm-up).
 */
export async function measureTwinGets(connections: IdentityConnection[], perIdentity: number, concurrency: number): Promise<TwinGetFigures> {
  const run = async (jobs: IdentityConnection[], record: boolean) => {
    const samples: number[] = [];
    let errors = 0;
    let firstError: string | null = null;
    const queue = [...jobs];
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, async () => {
        for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
          const at = performance.now();
          try {
            await c.getTwin();
            if (record) samples.push(performance.now() - at);
          } catch (error) {
            errors++;
            firstError ??= (error as Error).message;
          }
        }
      }),
    );
    return { samples, errors, firstError };
  };
  await run(connections, false);
  // Interleaved (identity 1, 2, …, n, 1, 2, …): with more identities than concurrency, one GET per identity at a time.
  const jobs = Array.from({ length: perIdentity }, () => connections).flat();
  const started = performance.now();
  const measured = await run(jobs, true);
  const seconds = (performance.now() - started) / 1000;
  return {
    identities: connections.length,
    perIdentity,
    concurrency,
    latency: summarise(measured.samples),
    errors: measured.errors,
    firstError: measured.firstError,
    perSecond: Math.round((measured.samples.length / seconds) * 10) / 10,
  };
}
