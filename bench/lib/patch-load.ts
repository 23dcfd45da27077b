import type { Sql } from "postgres";
import { twinEtag } from "@/lib/domain/twins";
import type { KeepAliveClient } from "./http-client";
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

/**
 * One step per worker: the worker owns its devices and cycles through them, each PATCH carrying
 * `If-Match` with the etag of that device's previous response (a conditional write that must win:
 * nobody else writes these devices). The body merges one tag.
 */
export async function edgeDeckPatchSteps(options: {
  client: KeepAliveClient;
  sql: Sql;
  token: string;
  prefix: string;
  sets: number[][];
  onSend?: (deviceId: string, version: number, at: number) => void;
}): Promise<Step[]> {
  const ids = options.sets.map((set) => set.map((n) => deviceId(options.prefix, n)));
  const states = await readTwinStates(options.sql, ids.flat());
  let counter = 0;
  return ids.map((own) => {
    let k = 0;
    return async () => {
      const id = own[k++ % own.length];
      const state = states.get(id)!;
      const body = JSON.stringify({ tags: { bench: ++counter } });
      options.onSend?.(id, state.version + 1, performance.now());
      const response = await options.client.request(
        "PATCH",
        `/api/twins/${encodeURIComponent(id)}`,
        { authorization: options.token, "content-type": "application/json", "if-match": `"${state.etag}"` },
        body,
      );
      if (response.status !== 200) {
        if (response.status === 412) {
          // Someone else wrote the twin: take its current etag and carry on.
          const [fresh] = (await readTwinStates(options.sql, [id])).values();
          states.set(id, fresh);
        }
        return { ok: false, label: String(response.status), detail: response.body.slice(0, 300) };
      }
      const twin = JSON.parse(response.body) as { etag: string; version: number };
      states.set(id, { etag: twin.etag, version: twin.version });
      return { ok: true, label: "200" };
    };
  });
}

/** The same writes as raw compare-and-set UPDATEs on a postgres.js client, one connection per worker. */
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
