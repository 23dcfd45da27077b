import { sql } from "drizzle-orm";
import { DEFAULT_POLICIES, generateSymmetricKey, type Right } from "@/lib/domain/identity";
import { getStore, rowsOf } from "./store";

export type AccessPolicy = { keyName: string; primaryKey: string; secondaryKey: string; rights: Right[] };

type PolicyRow = { key_name: string; primary_key: string; secondary_key: string; rights: Right[] };
const toPolicy = (row: PolicyRow): AccessPolicy => ({
  keyName: row.key_name,
  primaryKey: row.primary_key,
  secondaryKey: row.secondary_key,
  rights: row.rights,
});

/**
 * Creates IoT Hub's default policies on first start (reference §3.3). Returns the names created, so
 * that the server can print the owner connection string once, when it is new.
 */
export async function ensureDefaultPolicies(options: { ownerKey?: string } = {}): Promise<string[]> {
  const { db } = await getStore();
  const created: string[] = [];
  for (const policy of DEFAULT_POLICIES) {
    const primary = policy.keyName === "iothubowner" && options.ownerKey ? options.ownerKey : generateSymmetricKey();
    const rows = await rowsOf(
      db,
      sql`insert into access_policies (key_name, primary_key, secondary_key, rights)
          values (${policy.keyName}, ${primary}, ${generateSymmetricKey()}, ${JSON.stringify(policy.rights)}::jsonb)
          on conflict (key_name) do nothing returning key_name`,
    );
    if (rows.length) created.push(policy.keyName);
  }
  return created;
}

/**
 * Policies are read on every signed request, so each process keeps them for a few seconds; a key
 * rotation therefore takes effect within POLICY_CACHE_MS everywhere.
 */
const POLICY_CACHE_MS = 2000;
const cache = globalThis as unknown as { __edgedeckPolicies?: { at: number; byName: Map<string, AccessPolicy> } };

export async function findAccessPolicy(keyName: string): Promise<AccessPolicy | undefined> {
  const now = Date.now();
  if (!cache.__edgedeckPolicies || now - cache.__edgedeckPolicies.at > POLICY_CACHE_MS) {
    const { db } = await getStore();
    const rows = await rowsOf<PolicyRow>(db, sql`select key_name, primary_key, secondary_key, rights from access_policies`);
    cache.__edgedeckPolicies = { at: now, byName: new Map(rows.map((r) => [r.key_name, toPolicy(r)])) };
  }
  return cache.__edgedeckPolicies.byName.get(keyName);
}

export function forgetCachedPolicies(): void {
  cache.__edgedeckPolicies = undefined;
}
