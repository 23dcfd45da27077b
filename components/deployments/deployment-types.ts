import type { JsonObject, JsonValue } from "@/lib/domain/twins";

/**
 * The JSON the deployments pages read and write (docs/api.md "Deployments"; IoT Hub configuration
 * shapes, reference §5). Client-side types only: the server validates every body it receives.
 */
export type ModulesContent = Record<string, Record<string, JsonValue>>;

export type SystemMetricName = "targetedCount" | "appliedCount" | "reportedSuccessfulCount" | "reportedFailedCount";

export type Configuration = {
  id: string;
  schemaVersion: string;
  labels: Record<string, string>;
  content: { modulesContent: ModulesContent };
  targetCondition: string;
  priority: number;
  createdTimeUtc: string;
  lastUpdatedTimeUtc: string;
  etag: string;
  metrics: { queries: Record<string, string>; results: Record<string, number> };
  systemMetrics: { queries: Partial<Record<SystemMetricName, string>>; results: Partial<Record<SystemMetricName, number>> };
  layered: boolean;
};

/** What PUT /api/configurations/{id} takes: the hub fills the rest. */
export type ConfigurationInput = {
  id: string;
  labels: Record<string, string>;
  content: { modulesContent: ModulesContent };
  targetCondition: string;
  priority: number;
  metrics: { queries: Record<string, string> };
};

export type ManifestProblem = { severity: "error" | "warning"; code: string; path: string; message: string; offset?: number };

export type RolloutFailure = { module: string; kind: "image-not-found" | "crash-loop" | "rejected-desired" | "failed" | string; message: string; since: string | null };
export type DeploymentDevice = {
  deviceId: string;
  status: "Applied" | "Targeted";
  /** Since when the device has had this status. */
  since: string;
  /** "not-applied" for Targeted devices: another deployment is what they run. */
  rollout: "pending" | "success" | "failure" | "not-applied";
  failures: RolloutFailure[];
  reportedAt: string | null;
};

export type ImpactTotals = { devices: number; added: number; removed: number; changed: number; restarted: number; resetTwins: number };
export type DeviceImpact = { deviceId: string; added: string[]; removed: string[]; changed: string[]; restarted: string[]; resetTwins: string[] };
export type DeploymentPreview = { targetedCount: number; sample: string[]; problems?: ManifestProblem[]; impact: { totals: ImpactTotals; devices: DeviceImpact[] } };

export type EffectiveConfiguration = {
  deployments: { id: string; priority: number; layered: boolean; status: "Applied" | "Targeted"; createdTimeUtc: string; reason?: string }[];
  base: string | null;
  merged: Record<string, JsonObject>;
  provenance: Record<string, string>;
};

/** Registry shapes come from the registries contract (lib/schemas/registries.ts). */
export type { ImageDetails, ImagePlatform, ImageSearchItem, NameList } from "@/lib/schemas/registries";
