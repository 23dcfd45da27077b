import { sql } from "drizzle-orm";
import { generateGenerationId, SYSTEM_MODULE_IDS } from "@/lib/domain/identity";
import { nextIdentityEtag } from "./new-identity-values";
import { rowsOf, type Executor } from "./store";

/**
 * Every edge device gets `$edgeAgent` and `$edgeHub` identities with empty twins and authentication
 * `none` until the runtime initialises them (reference §1.4). Returns the module ids created.
 */
export async function insertSystemModules(tx: Executor, deviceId: string, now: string): Promise<string[]> {
  const created: string[] = [];
  for (const moduleId of SYSTEM_MODULE_IDS) {
    const rows = await rowsOf(
      tx,
      sql`insert into modules (device_id, module_id, managed_by, generation_id, identity_etag, auth_type,
            desired_metadata, reported_metadata)
          values (${deviceId}, ${moduleId}, null, ${generateGenerationId(Date.parse(now))}, ${nextIdentityEtag()},
            'none', ${JSON.stringify({ $lastUpdated: now, $lastUpdatedVersion: 1 })}::jsonb,
            ${JSON.stringify({ $lastUpdated: now })}::jsonb)
          on conflict do nothing
          returning module_id`,
    );
    if (rows.length) created.push(moduleId);
  }
  return created;
}
