import { AppError, isAppError } from "../errors";
import { compileExpr } from "../query/compile-expression";
import { parseQuery } from "../query/parser";
import { and } from "../query/predicates";
import { pred, toPred, TRUE_SQL, type Pred, type SqlParams } from "../query/values";

/**
 * What narrows the fleet table (and the facets, the count and a bulk tag patch): an IoT Hub query
 * (a WHERE clause, or a whole `SELECT * FROM devices WHERE …`) plus the quick filters.
 */
export type FleetFilter = {
  query?: string;
  /**
   * `modules`: the query runs over `devices.modules` and the table lists the devices having a
   * matching module (the dashboard's links for facts only `$edgeAgent` reports, e.g. runtime status).
   */
  scope?: "devices" | "modules";
  connection?: "Connected" | "Disconnected";
  /** Edge devices only: `healthy` = last desired status 200 and no failing module. */
  health?: "healthy" | "unhealthy" | "unknown";
  /** Edge devices whose `$edgeAgent` reports a module failed, in backoff, unhealthy or dead. */
  moduleFailures?: boolean;
  edge?: boolean;
};

const WHERE_PREFIX = { devices: "SELECT * FROM devices WHERE ", modules: "SELECT * FROM devices.modules WHERE " } as const;

/**
 * Edge runtime health comes from the `$edgeAgent` module twin's reported properties (reference §8.1).
 * These are fixed SQL texts (no user input) so that the partial indexes of migration 0004 match them
 * exactly: the planner uses a partial index only when the query repeats its predicate.
 */
export const EDGE_AGENT_JOIN = "ea.device_id = t.device_id AND ea.module_id = '$edgeAgent'";
export const FAILING_MODULES_SQL =
  "(jsonb_path_exists(ea.reported, '$.modules.*.runtimeStatus ? (@ == \"failed\" || @ == \"backoff\" || @ == \"unhealthy\" || @ == \"dead\")')" +
  " OR jsonb_path_exists(ea.reported, '$.systemModules.*.runtimeStatus ? (@ == \"failed\" || @ == \"backoff\" || @ == \"unhealthy\" || @ == \"dead\")'))";
export const DESIRED_CODE_SQL = "(ea.reported #>> '{lastDesiredStatus,code}')";

const edgeAgentExists = (condition: string) => `EXISTS (SELECT 1 FROM modules ea WHERE ${EDGE_AGENT_JOIN} AND ${condition})`;

const HEALTH_SQL: Record<NonNullable<FleetFilter["health"]>, string> = {
  healthy: `t.edge_enabled AND ${edgeAgentExists(`${DESIRED_CODE_SQL} = '200' AND NOT ${FAILING_MODULES_SQL}`)}`,
  unhealthy: `t.edge_enabled AND ${edgeAgentExists(`(${DESIRED_CODE_SQL} <> '200' OR ${FAILING_MODULES_SQL})`)}`,
  unknown: `t.edge_enabled AND NOT ${edgeAgentExists(`(${DESIRED_CODE_SQL} IS NOT NULL OR ${FAILING_MODULES_SQL})`)}`,
};

/** The filter as one SQL predicate over `devices t`; user text only ever in `params`. */
export function compileFleetFilter(filter: FleetFilter, params: SqlParams): string {
  const parts: Pred[] = [];
  const scope = filter.scope ?? "devices";
  const where = parseWhere(filter.query ?? "", scope);
  if (where && scope === "devices") parts.push(toPred(compileExpr(where, { collection: "devices", params }), params));
  if (where && scope === "modules") {
    // The inner `t` is the module row (the compiler's alias), shadowing the outer device row.
    const condition = toPred(compileExpr(where, { collection: "modules", params }), params).sql;
    parts.push(pred(`(t.device_id IN (SELECT t.device_id FROM modules t WHERE ${condition}))`));
  }
  // Presence, not the device's own connection: an edge device is reached through its $edgeAgent.
  if (filter.connection) parts.push(pred(`(t.presence_state = ${params.text(filter.connection)})`));
  if (filter.edge !== undefined) parts.push(pred(filter.edge ? "t.edge_enabled" : "NOT t.edge_enabled"));
  if (filter.health) parts.push(pred(`(${HEALTH_SQL[filter.health]})`));
  if (filter.moduleFailures) parts.push(pred(`(t.edge_enabled AND ${edgeAgentExists(FAILING_MODULES_SQL)})`));
  const combined = and(parts);
  return combined.sql === TRUE_SQL ? "TRUE" : combined.sql;
}

/**
 * A bare WHERE clause is parsed as `SELECT * FROM devices WHERE <text>`; error positions are then
 * shifted back so they point into the text the operator typed.
 */
function parseWhere(text: string, scope: "devices" | "modules") {
  if (text.trim() === "") return null;
  const isFullQuery = /^\s*select\b/i.test(text);
  const prefix = WHERE_PREFIX[scope];
  const offset = isFullQuery ? 0 : prefix.length;
  try {
    const ast = parseQuery(isFullQuery ? text : prefix + text);
    if (ast.from.collection !== scope) {
      const expected = scope === "devices" ? "FROM devices" : "FROM devices.modules";
      throw new AppError("ArgumentInvalid", `This view filters with ${expected} (position ${ast.from.pos})`, {
        position: ast.from.pos,
        path: "query",
      });
    }
    return ast.where;
  } catch (error) {
    if (!isAppError(error) || typeof error.details?.position !== "number" || offset === 0) {
      if (isAppError(error) && error.details) throw new AppError(error.code, error.message, { ...error.details, path: "query" });
      throw error;
    }
    const position = Math.max(0, error.details.position - offset);
    const message = error.message.replace(/position (\d+)/g, (_m, n: string) => `position ${Math.max(0, Number(n) - offset)}`);
    throw new AppError(error.code, message, { ...error.details, position, path: "query" });
  }
}
