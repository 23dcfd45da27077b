import { sql, type SQL } from "drizzle-orm";
import { redactSecrets } from "@/lib/domain/access";
import type { BindParam } from "./statement-params";
import { getStore, rowsOf, type Executor } from "./store";

export type AuditEntry = {
  actor: string;
  clientAddress?: string | null;
  action: string;
  targetKind: "device" | "module" | "twin" | "policy" | "user" | "session" | "deployment" | "registry" | "view";
  targetId: string;
  before?: unknown;
  after?: unknown;
  revisionId?: number | null;
  outcome?: "success" | "failure";
};

/**
 * Appends to the audit trail, secrets redacted. Pass the write's transaction so the record and the
 * change stand or fall together; without one it is written on its own (logins, failed logins).
 */
export async function recordAudit(entry: AuditEntry, tx?: Executor): Promise<void> {
  const executor = tx ?? (await getStore()).db;
  await rowsOf(executor, insertAuditSql(entry, sql`${entry.revisionId ?? null}`));
}

/**
 * The audit insert as one statement; `revisionId` may be a sub-select of a CTE (twin writes fold
 * revision, audit and change feed into a single round trip).
 */
export function insertAuditSql(entry: Omit<AuditEntry, "revisionId">, revisionId: SQL, onlyIf?: SQL): SQL {
  const [actor, clientAddress, action, targetKind, targetId, before, after, outcome] = auditValues(entry);
  const row = sql`${actor}::text, ${clientAddress}::text, ${action}::text, ${targetKind}::text, ${targetId}::text,
      ${before}::jsonb, ${after}::jsonb, ${revisionId}, ${outcome}::text`;
  // `onlyIf`: a condition of the enclosing statement (a compare-and-set that may match no row).
  return sql`insert into audit_log (${sql.raw(AUDIT_COLUMNS)})
    ${onlyIf ? sql`select ${row} where ${onlyIf}` : sql`values (${row})`}`;
}

/**
 * The same insert as statement text for writers that assemble fixed texts (lib/data/update-twin.ts):
 * `param` binds a value and returns its placeholder.
 */
export function insertAuditText(entry: Omit<AuditEntry, "revisionId">, revisionId: string, onlyIf: string, param: BindParam): string {
  const [actor, clientAddress, action, targetKind, targetId, before, after, outcome] = auditValues(entry);
  const row = [
    param(actor, "text"),
    param(clientAddress, "text"),
    param(action, "text"),
    param(targetKind, "text"),
    param(targetId, "text"),
    param(before, "jsonb"),
    param(after, "jsonb"),
    revisionId,
    param(outcome, "text"),
  ].join(", ");
  return `insert into audit_log (${AUDIT_COLUMNS}) select ${row} where ${onlyIf}`;
}

const AUDIT_COLUMNS = "actor, client_address, action, target_kind, target_id, before, after, revision_id, outcome";

/** The stored values of an entry (secrets redacted from before/after), in AUDIT_COLUMNS order less revision_id. */
function auditValues(entry: Omit<AuditEntry, "revisionId">) {
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(redactSecrets(value)));
  return [entry.actor, entry.clientAddress ?? null, entry.action, entry.targetKind, entry.targetId, json(entry.before), json(entry.after), entry.outcome ?? "success"] as const;
}
