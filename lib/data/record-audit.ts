import { sql, type SQL } from "drizzle-orm";
import { redactSecrets } from "@/lib/domain/access";
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
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(redactSecrets(value)));
  const row = sql`${entry.actor}::text, ${entry.clientAddress ?? null}::text, ${entry.action}::text, ${entry.targetKind}::text, ${entry.targetId}::text,
      ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb, ${revisionId}, ${entry.outcome ?? "success"}::text`;
  // `onlyIf`: a condition of the enclosing statement (a compare-and-set that may match no row).
  return sql`insert into audit_log (actor, client_address, action, target_kind, target_id, before, after, revision_id, outcome)
    ${onlyIf ? sql`select ${row} where ${onlyIf}` : sql`values (${row})`}`;
}
