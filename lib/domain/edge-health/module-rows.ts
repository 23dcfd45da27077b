/**
 * Desired against reported for every module of an edge device, from the `$edgeAgent` twin
 * (reference §8.1): desired `modules`/`systemModules` as the deployment wrote them, reported as the
 * agent last saw them, and `$metadata.$lastUpdated` of each reported key for its age.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export type DesiredModule = { image: string | null; version: string | null; status: string | null; restartPolicy: string | null };
export type ReportedModule = {
  image: string | null;
  version: string | null;
  status: string | null;
  runtimeStatus: string | null;
  statusDescription: string | null;
  exitCode: number | null;
  restartCount: number | null;
  lastStartTimeUtc: string | null;
  lastExitTimeUtc: string | null;
};
export type ReportedField = keyof ReportedModule;

export type ModuleRow = {
  /** Name in the deployment (`edgeAgent`, `edgeHub` for the system modules). */
  name: string;
  /** Module identity id: what the module page is addressed by (`$edgeAgent`, `$edgeHub` for the system modules). */
  moduleId: string;
  system: boolean;
  desired: DesiredModule | null;
  reported: ReportedModule | null;
  /** `$lastUpdated` of each reported key; null when the key was never reported. */
  reportedAt: Partial<Record<ReportedField, string>>;
  /** Differences an operator should see: image or desired status not (yet) applied, missing on one side. */
  drift: string[];
  /** Runtime status that means the module is not doing its job. */
  failing: boolean;
};

export const FAILING_RUNTIME_STATUSES = ["failed", "backoff", "unhealthy", "dead"] as const;
export const isFailingRuntimeStatus = (status: unknown) => (FAILING_RUNTIME_STATUSES as readonly unknown[]).includes(status);

const SYSTEM_IDS: Record<string, string> = { edgeAgent: "$edgeAgent", edgeHub: "$edgeHub" };

function desiredOf(node: Obj): DesiredModule {
  return {
    image: str(obj(node.settings).image),
    version: str(node.version),
    status: str(node.status),
    restartPolicy: str(node.restartPolicy),
  };
}

function reportedOf(node: Obj): ReportedModule {
  return {
    image: str(obj(node.settings).image),
    version: str(node.version),
    status: str(node.status),
    runtimeStatus: str(node.runtimeStatus),
    statusDescription: str(node.statusDescription),
    exitCode: num(node.exitCode),
    restartCount: num(node.restartCount),
    lastStartTimeUtc: str(node.lastStartTimeUtc),
    lastExitTimeUtc: str(node.lastExitTimeUtc),
  };
}

/** `$lastUpdated` of each reported field: the key's own stamp, else the nearest ancestor's. */
function agesOf(metadata: Obj, fallback: string | null): Partial<Record<ReportedField, string>> {
  const own = str(metadata.$lastUpdated) ?? fallback;
  const out: Partial<Record<ReportedField, string>> = {};
  const fields: ReportedField[] = ["version", "status", "runtimeStatus", "statusDescription", "exitCode", "restartCount", "lastStartTimeUtc", "lastExitTimeUtc"];
  for (const field of fields) {
    const at = str(obj(metadata[field]).$lastUpdated) ?? own;
    if (at) out[field] = at;
  }
  const settings = obj(metadata.settings);
  const imageAt = str(obj(settings.image).$lastUpdated) ?? str(settings.$lastUpdated) ?? own;
  if (imageAt) out.image = imageAt;
  return out;
}

function driftOf(desired: DesiredModule | null, reported: ReportedModule | null): string[] {
  if (desired && !reported) return ["not reported yet"];
  if (!desired && reported) return ["not in the deployment"];
  if (!desired || !reported) return [];
  const drift: string[] = [];
  if (desired.image && reported.image && desired.image !== reported.image) drift.push("image differs");
  if (desired.version && reported.version && desired.version !== reported.version) drift.push("version differs");
  if (desired.status && reported.runtimeStatus && reported.runtimeStatus !== desired.status) {
    drift.push(`desired ${desired.status}, is ${reported.runtimeStatus}`);
  }
  return drift;
}

/** One row per module named on either side: system modules first, then custom modules by name. */
export function mergeModuleRows(input: { desired: unknown; reported: unknown; reportedMetadata: unknown }): ModuleRow[] {
  const desired = obj(input.desired);
  const reported = obj(input.reported);
  const metadata = obj(input.reportedMetadata);
  const rows: ModuleRow[] = [];
  for (const section of ["systemModules", "modules"] as const) {
    const d = obj(desired[section]);
    const r = obj(reported[section]);
    const m = obj(metadata[section]);
    const sectionAt = str(m.$lastUpdated) ?? str(metadata.$lastUpdated);
    const names = [...new Set([...Object.keys(d), ...Object.keys(r)])].filter((n) => isObj(d[n]) || isObj(r[n])).sort();
    for (const name of names) {
      const desiredModule = isObj(d[name]) ? desiredOf(d[name]) : null;
      const reportedModule = isObj(r[name]) ? reportedOf(r[name]) : null;
      const system = section === "systemModules";
      rows.push({
        name,
        moduleId: system ? (SYSTEM_IDS[name] ?? name) : name,
        system,
        desired: desiredModule,
        reported: reportedModule,
        reportedAt: reportedModule ? agesOf(obj(m[name]), sectionAt) : {},
        drift: driftOf(desiredModule, reportedModule),
        failing: isFailingRuntimeStatus(reportedModule?.runtimeStatus),
      });
    }
  }
  return rows;
}

/** Runtime facts of the `$edgeAgent` reported document for the edge runtime panel. */
export function runtimeSummary(reported: unknown) {
  const r = obj(reported);
  const lastDesiredStatus = obj(r.lastDesiredStatus);
  const platform = obj(obj(r.runtime).platform);
  return {
    hasReported: Object.keys(r).some((k) => !k.startsWith("$")),
    runtimeStatus: str(obj(obj(r.systemModules).edgeAgent).runtimeStatus),
    lastDesiredStatusCode: num(lastDesiredStatus.code),
    lastDesiredStatusDescription: str(lastDesiredStatus.description),
    lastDesiredVersion: num(r.lastDesiredVersion),
    runtimeVersion: str(obj(r.version).version),
    runtimeType: str(obj(r.runtime).type),
    platform: { os: str(platform.os), architecture: str(platform.architecture), version: str(platform.version) },
  };
}
