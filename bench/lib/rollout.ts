import type { JsonObject } from "@/lib/domain/twins";
import { DEFAULT_HUB_DESIRED } from "@/lib/simulator/default-deployment";
import type { FigureRow } from "./context";
import { benchDeployment } from "./fleet-deployment";
import { sleep } from "./stats";

export type RolloutFigures = { targeted: number; msTo95: number | null; msTo100: number | null; failed: number; timedOut: boolean };

/**
 * Issue #6: a deployment to the whole simulated fleet, timed from the PUT until 95% and 100% of the
 * targeted devices count as "reporting success" (IoT Hub's definition, §5.4: the `$edgeAgent`
 * reported `lastDesiredVersion` equals its desired `$version` with status 200). The deployment
 * changes every module's env, so each simulated device re-plans and restarts its modules.
 */
export async function measureRollout(o: { serverUrl: string; token: string; modules: number; expected: number; timeoutSeconds: number; log(line: string): void }): Promise<RolloutFigures> {
  const agent = benchDeployment(o.modules) as JsonObject & { modules: Record<string, JsonObject> };
  for (const module of Object.values(agent.modules)) module.env = { ROLLOUT: { value: "bench" } };
  const headers = { authorization: o.token, "content-type": "application/json" };
  const started = performance.now();
  const put = await fetch(`${o.serverUrl}/api/configurations/bench-rollout`, {
    method: "PUT",
    headers,
    body: JSON.stringify({
      content: { modulesContent: { $edgeAgent: { "properties.desired": agent }, $edgeHub: { "properties.desired": DEFAULT_HUB_DESIRED } } },
      targetCondition: "*",
      priority: 100,
    }),
  });
  if (!put.ok) throw new Error(`rollout: PUT configuration answered ${put.status} ${await put.text()}`);
  let msTo95: number | null = null;
  let msTo100: number | null = null;
  let last = { targetedCount: 0, reportedSuccessfulCount: 0, reportedFailedCount: 0 };
  while (performance.now() - started < o.timeoutSeconds * 1000) {
    await sleep(250);
    const res = await fetch(`${o.serverUrl}/api/configurations/bench-rollout`, { headers });
    last = (await res.json()).systemMetrics.results;
    const elapsed = performance.now() - started;
    const target = Math.max(o.expected, last.targetedCount);
    if (msTo95 === null && last.reportedSuccessfulCount >= Math.ceil(target * 0.95)) msTo95 = elapsed;
    if (last.reportedSuccessfulCount >= target) {
      msTo100 = elapsed;
      break;
    }
  }
  o.log(`rollout: ${last.reportedSuccessfulCount}/${last.targetedCount} reporting success, ${last.reportedFailedCount} failed`);
  return { targeted: last.targetedCount, msTo95, msTo100, failed: last.reportedFailedCount, timedOut: msTo100 === null };
}

export function rolloutRows(r: RolloutFigures): FigureRow[] {
  const row = (metric: string, value: number | null): FigureRow => ({
    benchmark: `deployment rollout to ${r.targeted} devices`,
    metric,
    unit: "s",
    edgedeck: value === null ? null : Math.round(value / 100) / 10,
    baseline: null,
    ratio: null,
    target: "report (issue #6 sets no figure)",
    met: null,
    note: r.failed ? `${r.failed} devices reported failure` : r.timedOut ? "timed out" : undefined,
  });
  return [row("time until 95% report success", r.msTo95), row("time until 100% report success", r.msTo100)];
}
