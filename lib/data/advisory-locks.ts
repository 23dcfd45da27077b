/**
 * Every transaction-level advisory lock the hub takes, in one place so two never share a number.
 * Each serialises one kind of work across every process on the same database.
 */
export const ADVISORY_LOCKS = {
  /** Role and disable changes of operators (the "another admin remains" check). */
  operatorRoles: 7312,
  /** The reconciler's targeting step (lib/data/plan-deployment-assignments.ts). */
  reconcile: 7_241_001,
  /** Deployment metrics refreshes (lib/data/refresh-deployment-metrics.ts). */
  deploymentMetrics: 7_241_002,
} as const;
