import type { Sql } from "postgres";
import { twinEtag } from "@/lib/domain/twins";
import type { Step } from "./load";
import { deviceId } from "./stats";

export type TwinState = { etag: string; version: number };

/** Current twin version and etag of the given devices, read straight from the table. */
export async function readTwinStates(sql: Sql, ids: string[]): Promise<Map<string, TwinState>> {
  const rows = await sql.unsafe<{ device_id: string; twin_version: string | number }[]>(
    "select device_id, twin_version from devices where device_id = any($1::text[])",
    [ids as never],
  );
  const states = new Map<string, TwinState>();
  for (const row of rows) {
    const version = Number(row.twin_version);
    states.set(row.device_id, { etag: twinEtag(version), version });
  }
  if (states.size !== ids.length) throw new Error(`expected ${ids.length} seeded devices, found ${states.size}`);
  return states;
}

/** Conditional tag writes as raw compare-and-set UPDATEs on a postgres.js client, one connection per worker: the twin PATCH baseline. */
export async function sqlCasSteps(options: { sql: Sql; prefix: string; sets: number[][] }): Promise<Step[]> {
  const ids = options.sets.map((set) => set.map((n) => deviceId(options.prefix, n)));
  const states = await readTwinStates(options.sql, ids.flat());
  let counter = 0;
  return ids.map((own) => {
    let k = 0;
    return async () => {
      const id = own[k++ % own.length];
      const state = states.get(id)!;
      const result = await options.sql.unsafe(
        "update devices set tags = tags || $2::jsonb, twin_version = twin_version + 1 where device_id = $1 and twin_version = $3",
        // An object, not a JSON string: postgres.js serialises jsonb parameters itself.
        [id, { bench: ++counter } as never, state.version],
        { prepare: true },
      );
      if (result.count !== 1) {
        const [fresh] = (await readTwinStates(options.sql, [id])).values();
        states.set(id, fresh);
        return { ok: false, label: "cas-miss" };
      }
      state.version += 1;
      return { ok: true, label: "updated" };
    };
  });
}
