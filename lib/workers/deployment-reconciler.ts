import { reconcileDeployments } from "@/lib/data/reconcile-deployments";
import { refreshDeploymentMetrics } from "@/lib/data/refresh-deployment-metrics";
import type { ChangeEvent } from "@/lib/realtime/events";

/** Changes after which a deployment may target other devices or write other desired properties. */
const RECONCILE_KINDS = new Set<ChangeEvent["kind"]>([
  "deployment.created",
  "deployment.updated",
  "deployment.deleted",
  "device.created",
  "device.updated",
  "twin.tags",
  "twin.replaced",
  "module.created",
]);
/** A burst of changes (a fleet being created, a bulk tag patch) makes one pass. */
const DEBOUNCE_MS = 500;
const METRICS_EVERY_MS = 1000;
/** Devices report often; a condition over reported properties is re-evaluated at most this often. */
const REPORTED_EVERY_MS = 5000;
/** Past this many devices changed since the last pass, one fleet pass is cheaper than a scoped one. */
const SCOPED_PASS_LIMIT = 5000;

type Options = {
  onChange(listener: (event: ChangeEvent) => void): () => void;
  periodSeconds: number;
  log?: (message: string) => void;
};

/**
 * Runs the reconciler (lib/data/reconcile-deployments.ts) when the change feed says something that
 * decides targeting changed (a burst of changes makes one pass), on reported properties (at most every 5 s)
 * when some target condition reads them, and
 * periodically as a safety net. Device changes (tags, created, updated, a module created) make a
 * pass over those devices only; deployment changes, reported conditions, the periodic pass and
 * bursts over SCOPED_PASS_LIMIT devices make a fleet pass. `$edgeAgent` reports only refresh the metrics, at most once a second.
 * Every node may run it: passes are serialised by an advisory lock and idempotent.
 */
export function startDeploymentReconciler(options: Options): { stop(): Promise<void>; runNow(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let metricsTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  let readsReported = false;
  let reportedTimer: NodeJS.Timeout | null = null;

  // What the next pass covers: the devices whose own changes asked for it, or the whole fleet
  // (a deployment changed, the periodic pass, reported-property conditions, a large burst).
  let scope: Set<string> | "fleet" = "fleet";
  const widen = (deviceId: string | null) => {
    if (scope === "fleet") return;
    if (deviceId === null || scope.size >= SCOPED_PASS_LIMIT) scope = "fleet";
    else scope.add(deviceId);
  };

  const pass = async () => {
    const covering = scope;
    scope = new Set();
    try {
      const started = Date.now();
      const summary = await reconcileDeployments(new Date(), undefined, covering === "fleet" ? {} : { deviceIds: [...covering] });
      if (covering === "fleet") readsReported = summary.readsReported;
      else if (summary.groups > 0 || summary.twinsWritten > 0) scheduleMetrics();
      if (Date.now() - started > 2000) options.log?.(`[deployments] slow pass: ${Date.now() - started} ms ${JSON.stringify(summary.timings)}`);
      if (summary.twinsWritten > 0 || summary.problems.length > 0) {
        options.log?.(`[deployments] ${summary.twinsWritten} twins written for ${summary.targetedDevices} targeted devices in ${summary.groups} groups`);
      }
      for (const p of summary.problems) options.log?.(`[deployments] ${p.deployments.join("+")} / ${p.moduleId}: ${p.message}`);
    } catch (error) {
      // Nothing of this pass is lost: the next one covers the whole fleet.
      scope = "fleet";
      console.error("[deployments] reconcile failed", error);
    }
  };
  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = pass().finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        void run();
      }
    });
    return running;
  };
  const runFleet = () => {
    scope = "fleet";
    return run();
  };
  const schedule = (deviceId: string | null) => {
    widen(deviceId);
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, DEBOUNCE_MS);
  };
  const scheduleMetrics = () => {
    if (metricsTimer || stopped) return;
    metricsTimer = setTimeout(() => {
      metricsTimer = null;
      refreshDeploymentMetrics().catch((error) => console.error("[deployments] metrics failed", error));
    }, METRICS_EVERY_MS);
  };

  const unsubscribe = options.onChange((event) => {
    if (RECONCILE_KINDS.has(event.kind)) schedule(event.kind.startsWith("deployment.") ? null : event.deviceId);
    else if (event.kind === "twin.reported" && readsReported && !reportedTimer && !stopped) {
      reportedTimer = setTimeout(() => {
        reportedTimer = null;
        void runFleet();
      }, REPORTED_EVERY_MS);
    }
    if (event.moduleId === "$edgeAgent" && (event.kind === "twin.reported" || event.kind === "twin.desired")) scheduleMetrics();
  });
  const periodic = setInterval(() => void runFleet(), options.periodSeconds * 1000);
  periodic.unref();
  schedule(null);

  return {
    runNow: runFleet,
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(periodic);
      if (timer) clearTimeout(timer);
      if (metricsTimer) clearTimeout(metricsTimer);
      if (reportedTimer) clearTimeout(reportedTimer);
      await running;
    },
  };
}
