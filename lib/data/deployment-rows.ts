import { identityEtag, type JsonObject } from "@/lib/domain/twins";
import { systemMetricQueries } from "@/lib/domain/deployments";

export type DeploymentRow = {
  id: string;
  created_seq: number | string;
  schema_version: string;
  labels: Record<string, string>;
  modules_content: Record<string, JsonObject>;
  layered: boolean;
  target_condition: string;
  priority: number;
  metric_queries: Record<string, string>;
  metric_results: Record<string, number>;
  system_metric_results: Record<string, number>;
  version: number;
  created_time: string | Date;
  last_updated_time: string | Date;
};

const iso = (value: string | Date) => new Date(value).toISOString();

/** The configuration as IoT Hub returns it (reference §5.1), plus EdgeDeck's derived `layered`. */
export function toConfigurationDto(row: DeploymentRow) {
  const system = systemMetricQueries(row.id, row.target_condition);
  return {
    id: row.id,
    schemaVersion: row.schema_version,
    labels: row.labels,
    content: { modulesContent: row.modules_content },
    targetCondition: row.target_condition,
    priority: row.priority,
    createdTimeUtc: iso(row.created_time),
    lastUpdatedTimeUtc: iso(row.last_updated_time),
    etag: identityEtag(row.version),
    metrics: { queries: row.metric_queries, results: row.metric_results },
    systemMetrics: {
      queries: system,
      results: {
        targetedCount: row.system_metric_results.targetedCount ?? 0,
        appliedCount: row.system_metric_results.appliedCount ?? 0,
        reportedSuccessfulCount: row.system_metric_results.reportedSuccessfulCount ?? 0,
        reportedFailedCount: row.system_metric_results.reportedFailedCount ?? 0,
      },
    },
    layered: row.layered,
  };
}

export type ConfigurationDto = ReturnType<typeof toConfigurationDto>;
