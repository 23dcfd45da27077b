import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { generateSymmetricKey, type Right } from "@/lib/domain/identity";
import type { WriteContext } from "./create-or-update-device";
import { forgetCachedPolicies } from "./access-policies";
import { recordAudit } from "./record-audit";
import { recordChanges } from "./record-changes";
import { getStore, rowsOf, type Executor } from "./store";
import { parseDbTime } from "./timestamps";

/** Reference §3.3 and §12: at most 16 policies per hub, at most 10 of them with ServiceConnect. */
export const MAX_POLICIES = 16;
export const MAX_SERVICE_CONNECT_POLICIES = 10;

type PolicyRow = { key_name: string; primary_key: string; secondary_key: string; rights: Right[]; created_at: string | Date };

export type AccessPolicyDto = {
  keyName: string;
  rights: Right[];
  createdAt: string;
  primaryKey: string | null;
  secondaryKey: string | null;
};

const toDto = (row: PolicyRow, includeKeys: boolean): AccessPolicyDto => ({
  keyName: row.key_name,
  rights: row.rights,
  createdAt: parseDbTime(row.created_at)?.toISOString() ?? "",
  primaryKey: includeKeys ? row.primary_key : null,
  secondaryKey: includeKeys ? row.secondary_key : null,
});

export async function listAccessPolicies(options: { includeKeys: boolean }): Promise<AccessPolicyDto[]> {
  const { db } = await getStore();
  const rows = await rowsOf<PolicyRow>(db, sql`select * from access_policies order by key_name`);
  return rows.map((r) => toDto(r, options.includeKeys));
}

export async function createAccessPolicy(keyName: string, rights: Right[], context: WriteContext) {
  const { db } = await getStore();
  const created = await db.transaction(async (tx) => {
    await rowsOf(tx, sql`lock table access_policies in exclusive mode`);
    const existing = await rowsOf<PolicyRow>(tx, sql`select * from access_policies`);
    if (existing.some((p) => p.key_name === keyName)) {
      throw new AppError("Conflict", `A policy named '${keyName}' already exists`, { path: "keyName" });
    }
    if (existing.length >= MAX_POLICIES) {
      throw new AppError("IotHubQuotaExceeded", `A hub holds at most ${MAX_POLICIES} shared access policies`, { path: "keyName" });
    }
    if (rights.includes("serviceConnect") && existing.filter((p) => p.rights.includes("serviceConnect")).length >= MAX_SERVICE_CONNECT_POLICIES) {
      throw new AppError("IotHubQuotaExceeded", `At most ${MAX_SERVICE_CONNECT_POLICIES} policies may grant serviceConnect`, {
        path: "rights",
      });
    }
    const [row] = await rowsOf<PolicyRow>(
      tx,
      sql`insert into access_policies (key_name, primary_key, secondary_key, rights)
          values (${keyName}, ${generateSymmetricKey()}, ${generateSymmetricKey()}, ${JSON.stringify(rights)}::jsonb) returning *`,
    );
    await finish(tx, context, keyName, "policy.create", undefined, row);
    return toDto(row, true);
  });
  forgetCachedPolicies();
  return created;
}

export async function rotateAccessPolicyKey(keyName: string, which: "primary" | "secondary", context: WriteContext) {
  const { db } = await getStore();
  const rotated = await db.transaction(async (tx) => {
    const before = await requirePolicy(tx, keyName);
    const column = which === "primary" ? sql`primary_key` : sql`secondary_key`;
    const [row] = await rowsOf<PolicyRow>(
      tx,
      sql`update access_policies set ${column} = ${generateSymmetricKey()} where key_name = ${keyName} returning *`,
    );
    await finish(tx, context, keyName, `policy.rotate-${which}`, before, row);
    return toDto(row, true);
  });
  forgetCachedPolicies();
  return rotated;
}

export async function deleteAccessPolicy(keyName: string, context: WriteContext) {
  const { db } = await getStore();
  await db.transaction(async (tx) => {
    const before = await requirePolicy(tx, keyName);
    await rowsOf(tx, sql`delete from access_policies where key_name = ${keyName}`);
    await finish(tx, context, keyName, "policy.delete", before, undefined);
  });
  forgetCachedPolicies();
}

async function requirePolicy(tx: Executor, keyName: string): Promise<PolicyRow> {
  const [row] = await rowsOf<PolicyRow>(tx, sql`select * from access_policies where key_name = ${keyName} for update`);
  if (!row) throw new AppError("NotFound", `No shared access policy named '${keyName}'`, { path: "keyName" });
  return row;
}

/** Audit (keys redacted) and a change-feed row, so other nodes drop their cached policy keys at once. */
async function finish(tx: Executor, context: WriteContext, keyName: string, action: string, before?: PolicyRow, after?: PolicyRow) {
  await recordAudit(
    {
      actor: context.actor,
      clientAddress: context.clientAddress,
      action,
      targetKind: "policy",
      targetId: keyName,
      before: before && toDto(before, true),
      after: after && toDto(after, true),
    },
    tx,
  );
  await recordChanges(tx, [{ kind: "policy.changed", deviceId: "", payload: { keyName } }]);
}
