/** GET /api/statistics/fleet, as documented in lib/api/openapi/console-operations.ts. */
type Bucket = { bucket: "under5m" | "under1h" | "under1d" | "longer" | "never"; count: number };

export type FleetStatistics = {
  generatedAt: string;
  devices: { total: number; connected: number; disconnected: number; disabled: number; edge: number; onlineFor: Bucket[]; offlineFor: Bucket[] };
  runtimes: {
    total: number;
    stale: { offline: number; old: number; staleAfterSeconds: number };
    byLastDesiredStatus: { code: number | null; count: number }[];
    failing: { total: number; items: { deviceId: string; code: number; description: string; since: string | null; deviceConnected: boolean }[] };
  };
  modules: {
    total: number;
    byRuntimeStatus: { status: string; count: number; moduleNameCount: number; names: { name: string; count: number }[] }[];
    failing: {
      total: number;
      items: {
        deviceId: string;
        moduleName: string;
        runtimeStatus: string;
        statusDescription: string;
        exitCode: number | null;
        lastExitTimeUtc: string | null;
        since: string | null;
        deviceConnected: boolean;
      }[];
    };
  };
  failuresByHour: { hours: number; source: "twin_revisions"; buckets: { hoursAgo: number; count: number }[] };
  deployments: { available: true; inProgress: { id: string; priority: number; targeted: number; applied: number; succeeded: number; failed: number }[] };
};
