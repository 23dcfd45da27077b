import { sql } from "drizzle-orm";
import { CHANGE_CHANNEL } from "@/db/client";
import type { ChangeKind } from "@/lib/realtime/events";
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
  const values = sql.join(
    changes.map(
      (c) =>
        sql`(${c.kind}, ${c.deviceId}, ${c.moduleId ?? null}, ${c.version ?? null}, ${
          c.payload ? JSON.stringify(c.payload) : null
        }::jsonb)`,
    ),
    sql`, `,
  );
  const [row] = await rowsOf<{ seq: string | number }>(
    tx,
    sql`with inserted as (
          insert into changes (kind, device_id, module_id, version, payload) values ${values} returning seq
        )
        select pg_notify(${CHANGE_CHANNEL}, max(seq)::text), max(seq) as seq from inserted`,
  );
  return Number(row.seq);
}
