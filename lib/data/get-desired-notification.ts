import { sql } from "drizzle-orm";
import { applyMergePatch, desiredPatchForReplace, isJsonObject, type JsonObject } from "@/lib/domain/twins";
import type { TwinTarget } from "./select-twin-row";
import { getStore, rowsOf, type Executor } from "./store";

type Revision = { version: number; operation: string; patch: JsonObject };

/** Replaying more revisions than this for one notification is not worth it: send the document. */
const MAX_REPLAY = 1000;

const revisionsOf = (db: Executor, target: TwinTarget, where: ReturnType<typeof sql>) =>
  rowsOf<Revision>(
    db,
    sql`select version, operation, patch from twin_revisions_resolved
        where device_id = ${target.deviceId} and module_id = ${target.moduleId ?? ""} and section = 'desired' and ${where}
        order by version limit ${MAX_REPLAY + 1}`,
  );

/**
 * What a connected device observes for desired `$version` = `version` (reference §2.2): after a
 * PATCH, exactly the patch as sent; after a replace, the new document plus `null` for every removed
 * key. The document before a replace is rebuilt from the revisions (the last replace before it, or
 * the empty document of version 1, then the patches in between); when that chain is incomplete
 * (seeded twins, very long histories) the new document is sent without the `null`s. Null when the
 * revision is unknown.
 */
export async function getDesiredNotification(target: TwinTarget, version: number): Promise<JsonObject | null> {
  const { db } = await getStore();
  const [revision] = await revisionsOf(db, target, sql`version = ${version}`);
  if (!revision || !isJsonObject(revision.patch)) return null;
  if (revision.operation !== "replace") return { ...revision.patch, $version: version };

  const [base] = await rowsOf<Revision>(
    db,
    sql`select version, operation, patch from twin_revisions_resolved
        where device_id = ${target.deviceId} and module_id = ${target.moduleId ?? ""} and section = 'desired'
          and operation = 'replace' and version < ${version}
        order by version desc limit 1`,
  );
  const from = base ? base.version : 1;
  const between = await revisionsOf(db, target, sql`version > ${from} and version < ${version}`);
  const complete = between.length === version - from - 1 && between.every((r, i) => r.version === from + 1 + i);
  if (!complete || between.length > MAX_REPLAY) return { ...revision.patch, $version: version };
  let previous: JsonObject = base && isJsonObject(base.patch) ? base.patch : {};
  for (const r of between) previous = applyMergePatch(previous, r.patch);
  return { ...desiredPatchForReplace(previous, revision.patch), $version: version };
}
