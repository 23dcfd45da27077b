import { sql, type SQL } from "drizzle-orm";
import { CHANGE_CHANNEL } from "@/db/client";
import type { ChangeKind } from "@/lib/realtime/events";
import type { BindParam } from "./statement-params";
import { rowsOf, type Executor } from "./store";

export type ChangeInput = {
  kind: ChangeKind;
  deviceId: string;
  moduleId?: string | null;
  version?: number | null;
  payload?: Record<string, unknown> | null;
};

/**
 * Appends change-feed rows and sends the one NOTIFY of this transaction, carrying only the highest
 * seq (architecture §3): call it once, as the last statement of a writing transaction.
 */
export async function recordChanges(tx: Executor, changes: ChangeInput[]): Promise<number> {
  if (changes.length === 0) return 0;
  const [row] = await rowsOf<{ seq: string | number }>(
    tx,
    sql`with inserted as (${insertChangesSql(changes)})
        select ${notifySql(sql`inserted`)} as notified, max(seq) as seq from inserted`,
  );
  return Number(row.seq);
}

/**
 * `insert into changes … returning seq`, for writers that fold the feed into one statement (CTE);
 * with `onlyIf`, the rows are inserted only when that condition of the statement holds.
 */
export function insertChangesSql(changes: ChangeInput[], onlyIf?: SQL): SQL {
  const values = sql.join(
    changes.map(
      (c) =>
        sql`(${c.kind}::text, ${c.deviceId}::text, ${c.moduleId ?? null}::text, ${c.version ?? null}::bigint, ${
          c.payload ? JSON.stringify(c.payload) : null
        }::jsonb)`,
    ),
    sql`, `,
  );
  const rows = onlyIf ? sql`select * from (values ${values}) as v where ${onlyIf}` : sql`values ${values}`;
  return sql`insert into changes (kind, device_id, module_id, version, payload) ${rows} returning seq`;
}

/** `insertChangesSql` as statement text, for writers that assemble fixed texts (lib/data/update-twin.ts). */
export function insertChangesText(changes: ChangeInput[], onlyIf: string, param: BindParam): string {
  const rows = changes.map(
    (c) =>
      `select ${param(c.kind, "text")}, ${param(c.deviceId, "text")}, ${param(c.moduleId ?? null, "text")}, ${param(c.version ?? null, "bigint")}, ${param(
        c.payload ? JSON.stringify(c.payload) : null,
        "jsonb",
      )} where ${onlyIf}`,
  );
  return `insert into changes (kind, device_id, module_id, version, payload) ${rows.join(" union all ")} returning seq`;
}

/** The NOTIFY of `notifySql` as text: the highest seq of a CTE that returned `seq`. */
export const notifyText = (cte: string) => `(select pg_notify('${CHANGE_CHANNEL}', max(seq)::text) from ${cte})`;

/** The transaction's one NOTIFY, carrying the highest seq of a CTE that returned `seq`. */
export const notifySql = (cte: SQL) => sql`(select pg_notify(${CHANGE_CHANNEL}, max(seq)::text) from ${cte})`;
