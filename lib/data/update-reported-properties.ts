import type { JsonObject } from "@/lib/domain/twins";
import { planSectionWrite } from "@/lib/domain/twins/plan-section-write";
import { fromCompiled } from "./compiled-sql";
import type { WriteContext } from "./create-or-update-device";
import { notifyText } from "./record-changes";
import { notFound, type TwinTarget } from "./select-twin-row";
import { getStore, rowsOf, type Executor } from "./store";

type Query = <T>(text: string, params: unknown[]) => Promise<T[]>;
type ReportedRow = { reported: JsonObject; reported_metadata: JsonObject; reported_version: number };

/** The reported section as stored; the MQTT endpoint keeps the last one per session (see below). */
export type ReportedSection = { doc: JsonObject; metadata: JsonObject; version: number };

/** Lost races before the write takes the row lock instead. */
const OPTIMISTIC_ATTEMPTS = 3;

/**
 * Device-side write of `properties.reported` (reference §2.2, §10): merge patch with reported
 * semantics. Returns the new reported `$version` (the MQTT answer carries it) and the section
 * written.
 *
 * Devices report far more often than operators write, so this is the hub's hottest write. It is
 * optimistic: plan the merge on the section read, then one autocommit statement writes the row, the
 * revision row, the change-feed row and the NOTIFY only if `reported_version` is still the one
 * planned on. A caller that holds the section it wrote last (`known`: the MQTT session, which is
 * the only writer of its identity's reported properties) skips the read, so a report is one round
 * trip; a stale `known` only costs a read. After a few lost races the write takes the row lock.
 * Fixed statement texts, prepared per connection: no query building per report.
 */
export async function updateReportedProperties(
  target: TwinTarget,
  patch: unknown,
  context: WriteContext,
  known?: ReportedSection,
): Promise<{ version: number; section: ReportedSection }> {
  const now = context.now.toISOString();
  const store = await getStore();
  const statements = target.moduleId === undefined ? DEVICE : MODULE;
  const key = target.moduleId === undefined ? [target.deviceId] : [target.deviceId, target.moduleId];
  const prepared: Query = (text, params) => store.query(text, params, { prepare: true, short: true });
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    const section = attempt === 0 && known ? known : await readSection(prepared, statements.read, key, target);
    const written = await writeSection(prepared, statements.write, key, section, patch, context.actor, now);
    if (written) return written;
  }
  return store.db.transaction(async (tx) => {
    // Inside drizzle's transaction: the same statement texts, bound again as drizzle SQL.
    const inTx: Query = (text, params) => rowsOf(tx as Executor, fromCompiled(text, params));
    const section = await readSection(inTx, statements.readForUpdate, key, target);
    return (await writeSection(inTx, statements.write, key, section, patch, context.actor, now))!;
  });
}

async function readSection(query: Query, text: string, key: string[], target: TwinTarget): Promise<ReportedSection> {
  const [row] = await query<ReportedRow>(text, key);
  if (!row) throw notFound(target);
  return { doc: row.reported, metadata: row.reported_metadata, version: Number(row.reported_version) };
}

/** Plans the merge on `section` (AppError on a broken rule) and writes it; undefined when the version moved on. */
async function writeSection(query: Query, text: string, key: string[], section: ReportedSection, patch: unknown, actor: string, now: string) {
  const next = planSectionWrite("reported", section, patch, { mode: "patch", now });
  const params = [...key, JSON.stringify(next.doc), JSON.stringify(next.metadata), next.version, section.version, JSON.stringify(patch), actor];
  const [row] = await query<{ version: number }>(text, params);
  return row ? { version: next.version, section: { doc: next.doc, metadata: next.metadata, version: next.version } } : undefined;
}

/**
 * The statements for a device row ($1 = device) and a module row ($1, $2 = device, module); the
 * write's parameters follow the key: doc, metadata, new version, expected version, patch, actor.
 */
function statementsFor(table: "devices" | "modules") {
  const keyCount = table === "devices" ? 1 : 2;
  const where = table === "devices" ? "device_id = $1" : "device_id = $1 and module_id = $2";
  const p = (n: number) => `$${keyCount + n}`;
  const moduleId = table === "devices" ? "''" : "$2";
  const feedModule = table === "devices" ? "null::text" : "$2";
  const read = `select reported, reported_metadata, reported_version from ${table} where ${where}`;
  return {
    read,
    readForUpdate: `${read} for update`,
    write: `with updated as (
        update ${table} set reported = ${p(1)}::jsonb, reported_metadata = ${p(2)}::jsonb, reported_version = ${p(3)}::int
        where ${where} and reported_version = ${p(4)}::int returning reported_version),
      revision as (
        insert into twin_revisions (device_id, module_id, section, version, operation, patch, actor)
        select $1, ${moduleId}, 'reported', ${p(3)}::int, 'patch', ${p(5)}::jsonb, ${p(6)}::text from updated),
      feed as (
        insert into changes (kind, device_id, module_id, version, payload)
        select 'twin.reported', $1, ${feedModule}, ${p(3)}::bigint, null from updated returning seq)
      select reported_version as version, ${notifyText("feed")} as notified from updated`,
  };
}

const DEVICE = statementsFor("devices");
const MODULE = statementsFor("modules");
