/**
 * The system metric queries the hub stores for an edge deployment, reference §5.4, character for
 * character (the CLI export sample). `and C` is appended unparenthesised exactly as the hub does, so
 * a condition with a top-level OR counts the same devices it would on IoT Hub.
 */
export type SystemMetricQueries = { targetedCount: string; appliedCount: string; reportedSuccessfulCount: string; reportedFailedCount: string };

const isMatchAll = (condition: string) => condition.trim() === "*";

export function systemMetricQueries(id: string, targetCondition: string): SystemMetricQueries {
  const targetedCount = isMatchAll(targetCondition)
    ? "select deviceId from devices where capabilities.iotEdge = true"
    : `select deviceId from devices where capabilities.iotEdge = true and ${targetCondition}`;
  const appliedCount = `select deviceId from devices.modules where moduleId = '$edgeAgent' and configurations.[[${id}]].status = 'Applied'`;
  const reported = `${appliedCount} and properties.desired.$version = properties.reported.lastDesiredVersion and properties.reported.lastDesiredStatus.code`;
  return { targetedCount, appliedCount, reportedSuccessfulCount: `${reported} = 200`, reportedFailedCount: `${reported} != 200` };
}

/** Device ADM configurations get only targeted and applied counts, without the edge prefix (§5.4). */
export function deviceConfigurationMetricQueries(id: string, targetCondition: string): { targetedCount: string; appliedCount: string } {
  return {
    targetedCount: isMatchAll(targetCondition) ? "select deviceId from devices" : `select deviceId from devices where ${targetCondition}`,
    appliedCount: `select deviceId from devices where configurations.[[${id}]].status = 'Applied'`,
  };
}
