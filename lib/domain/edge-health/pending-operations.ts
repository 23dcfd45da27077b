/**
 * Operations aimed at a device that it has not received yet ("pending") and what became of them
 * ("receipts"): desired-property writes not yet delivered, direct method calls waiting for a
 * connection, deployments the edgeAgent has not acted on. The data layer hands over rows; this
 * shapes them for the API and the console. The clock is passed in.
 */
import { formatDuration, parseTime } from "./age";

export type OperationKind = "desired" | "method" | "deployment";

/** One device or module twin: its desired `$version` and what the hub has delivered of it. */
export type IdentityDelivery = {
  moduleId: string | null;
  desiredVersion: number;
  deliveredVersion: number | null;
  deliveredAt: string | null;
};

/** A desired write (twin_revisions, section desired) of a device or module. */
export type DesiredRevisionRow = {
  moduleId: string | null;
  /** The desired `$version` the write produced: what delivery is counted in. */
  version: number;
  /** The twin version after the write: the revision's name in the history API. */
  twinVersion: number | null;
  operation: string;
  actor: string;
  at: string;
};

export type MethodCallStatus = "pending" | "delivered" | "answered" | "expired" | "failed";

export type MethodCallRow = {
  id: number;
  moduleId: string | null;
  methodName: string;
  requestedBy: string;
  queuedAt: string;
  expiresAt: string;
  status: MethodCallStatus;
  statusCode: number | null;
  errorCode: string | null;
  deliveredAt: string | null;
  finishedAt: string | null;
};

/** The device's `$edgeAgent`: the deployment written to it and whether it acted on it (reference §5.4, §8). */
export type DeploymentStateRow = {
  deploymentIds: string[];
  desiredVersion: number;
  lastDesiredVersion: number | null;
  lastDesiredStatusCode: number | null;
  /** When the desired `$version` was written. */
  writtenAt: string | null;
  /** `$metadata.$lastUpdated` of reported `lastDesiredVersion`. */
  reportedAt: string | null;
};

/** What an operation is and who asked for it: shared by the pending entry and its receipt. */
type OperationSubject = {
  kind: OperationKind;
  moduleId: string | null;
  /** "desired $version 4", "method reboot", "deployment base-1". */
  what: string;
  desiredVersion: number | null;
  revision: number | null;
  methodCallId: number | null;
  methodName: string | null;
  deploymentIds: string[];
  requestedBy: string | null;
};

export type PendingOperation = OperationSubject & {
  queuedAt: string;
  /** Methods only: when the call stops waiting for a connection. */
  expiresAt: string | null;
  /** pending: not delivered; delivered: the device has it and the answer is awaited (methods). */
  status: "pending" | "delivered";
};

export type OperationReceipt = OperationSubject & {
  queuedAt: string | null;
  deliveredAt: string | null;
  finishedAt: string | null;
  outcome: "delivered" | "answered" | "expired" | "failed" | "applied";
  /** The device's answer (methods), the hub's error status, or lastDesiredStatus.code (deployments). */
  statusCode: number | null;
  errorCode: string | null;
};

export type PendingOperationsInput = {
  identities: IdentityDelivery[];
  revisions: DesiredRevisionRow[];
  methodCalls: MethodCallRow[];
  deployment: DeploymentStateRow | null;
};

export type PendingOperations = { pending: PendingOperation[]; receipts: OperationReceipt[] };

const key = (moduleId: string | null) => moduleId ?? "";
const time = (value: string | null) => parseTime(value)?.getTime() ?? 0;
const base = { desiredVersion: null, revision: null, methodCallId: null, methodName: null, deploymentIds: [] as string[], requestedBy: null };

/**
 * Splits the rows into pending operations (oldest first) and receipts (newest first, at most
 * `receiptLimit`). A desired write is delivered once the identity's delivered version reached its
 * version; its receipt time is when that version was delivered (a later version delivers every
 * earlier one with it). A method call still `pending` after its expiry lost its server process and
 * counts as expired.
 */
export function shapePendingOperations(input: PendingOperationsInput, now: Date, receiptLimit = 20): PendingOperations {
  const pending: PendingOperation[] = [];
  const receipts: OperationReceipt[] = [];
  const delivery = new Map(input.identities.map((i) => [key(i.moduleId), i]));

  for (const r of input.revisions) {
    const identity = delivery.get(key(r.moduleId));
    const delivered = identity?.deliveredVersion ?? 0;
    const common = { ...base, moduleId: r.moduleId, what: `desired $version ${r.version}`, desiredVersion: r.version, revision: r.twinVersion, requestedBy: r.actor };
    if (r.version > delivered) pending.push({ ...common, kind: "desired", queuedAt: r.at, expiresAt: null, status: "pending" });
    else {
      const at = identity?.deliveredAt ?? null;
      receipts.push({ ...common, kind: "desired", queuedAt: r.at, deliveredAt: at, finishedAt: at, outcome: "delivered", statusCode: null, errorCode: null });
    }
  }

  for (const m of input.methodCalls) {
    const common = { ...base, moduleId: m.moduleId, what: `method ${m.methodName}`, methodCallId: m.id, methodName: m.methodName, requestedBy: m.requestedBy };
    const isOrphaned = m.status === "pending" && time(m.expiresAt) < now.getTime();
    if ((m.status === "pending" || m.status === "delivered") && !isOrphaned) {
      pending.push({ ...common, kind: "method", queuedAt: m.queuedAt, expiresAt: m.expiresAt, status: m.status });
    } else {
      receipts.push({
        ...common,
        kind: "method",
        queuedAt: m.queuedAt,
        deliveredAt: m.deliveredAt,
        finishedAt: isOrphaned ? m.expiresAt : m.finishedAt,
        outcome: isOrphaned ? "expired" : (m.status as OperationReceipt["outcome"]),
        statusCode: m.statusCode,
        errorCode: isOrphaned ? "DeviceNotOnline" : m.errorCode,
      });
    }
  }

  const d = input.deployment;
  if (d && d.deploymentIds.length > 0) {
    const common = { ...base, moduleId: "$edgeAgent", what: `deployment ${d.deploymentIds.join(" + ")}`, desiredVersion: d.desiredVersion, deploymentIds: d.deploymentIds };
    if ((d.lastDesiredVersion ?? 0) < d.desiredVersion) {
      pending.push({ ...common, kind: "deployment", queuedAt: d.writtenAt ?? now.toISOString(), expiresAt: null, status: "pending" });
    } else {
      receipts.push({
        ...common,
        kind: "deployment",
        queuedAt: d.writtenAt,
        deliveredAt: d.reportedAt,
        finishedAt: d.reportedAt,
        outcome: "applied",
        statusCode: d.lastDesiredStatusCode,
        errorCode: null,
      });
    }
  }

  pending.sort((a, b) => time(a.queuedAt) - time(b.queuedAt));
  // One delivery time covers several desired writes: the newer write first among them.
  const doneAt = (r: OperationReceipt) => time(r.finishedAt ?? r.deliveredAt ?? r.queuedAt);
  receipts.sort((a, b) => doneAt(b) - doneAt(a) || time(b.queuedAt) - time(a.queuedAt));
  return { pending, receipts: receipts.slice(0, receiptLimit) };
}

/** "waiting 3 min", with "expires in 40 s" / "expired" for method calls. */
export function describeWait(op: Pick<PendingOperation, "queuedAt" | "expiresAt">, now: Date): { age: string; expires: string | null } {
  const queued = parseTime(op.queuedAt);
  const age = queued ? formatDuration(Math.max(0, now.getTime() - queued.getTime())) : "unknown";
  const expiry = parseTime(op.expiresAt);
  if (!expiry) return { age, expires: null };
  const left = expiry.getTime() - now.getTime();
  if (left <= 0) return { age, expires: "expired" };
  return { age, expires: `expires in ${left < 5_000 ? `${Math.ceil(left / 1000)} s` : formatDuration(left)}` };
}

/** The receipt in words: "delivered", "answered 200", "expired (DeviceNotOnline)", "applied (200)". */
export function describeOutcome(r: Pick<OperationReceipt, "outcome" | "statusCode" | "errorCode">): string {
  switch (r.outcome) {
    case "answered":
      return `answered ${r.statusCode ?? ""}`.trim();
    case "expired":
    case "failed":
      return r.errorCode ? `${r.outcome} (${r.errorCode})` : r.outcome;
    case "applied":
      return r.statusCode === null ? "applied" : `applied (${r.statusCode})`;
    default:
      return "delivered";
  }
}

/** One fleet row: a device with pending operations, counted per kind. */
export type FleetPendingRow = {
  deviceId: string;
  connectionState: string;
  desired: number;
  methods: number;
  deployments: number;
  oldestQueuedAt: string | null;
};

/** Total pending operations of a fleet row and a one-line summary ("2 desired · 1 method"). */
export function summarizeFleetRow(row: FleetPendingRow): { total: number; summary: string } {
  const parts: string[] = [];
  if (row.desired > 0) parts.push(`${row.desired} desired`);
  if (row.methods > 0) parts.push(`${row.methods} method${row.methods === 1 ? "" : "s"}`);
  if (row.deployments > 0) parts.push(`${row.deployments} deployment${row.deployments === 1 ? "" : "s"}`);
  return { total: row.desired + row.methods + row.deployments, summary: parts.join(" · ") || "nothing pending" };
}
