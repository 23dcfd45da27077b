import { sql } from "drizzle-orm";
import { compareDesired, mergeDeployments, type DeploymentForMerge, type ModulesContent } from "@/lib/domain/deployments";
import { AppError } from "@/lib/domain/errors";
import { compileTargetCondition } from "@/lib/domain/fleet/target-condition";
import { SqlParams } from "@/lib/domain/query/values";
import type { JsonObject } from "@/lib/domain/twins";
import type { ConfigurationBody } from "@/lib/schemas/deployments";
import { checkDeploymentContent } from "./check-deployment-content";
import { fromCompiled } from "./compiled-sql";
import type { DeploymentRow } from "./deployment-rows";
import { getStore, rowsOf } from "./store";

const SAMPLE = 20;
const DEVICE_LIST = 200;

/** POST /configurations/testTargetCondition: how many edge devices match, and the first few. */
export async function testTargetCondition(condition: string) {
  const params = new SqlParams();
  const where = compileTargetCondition(condition, params);
  const final = params.finalize(
    `select (select count(*)::int from devices t where ${where}) as n,
       (select coalesce(json_agg(device_id), '[]'::json) from (select t.device_id from devices t where ${where} order by t.device_id limit ${SAMPLE}) s) as sample`,
  );
  const { db } = await getStore();
  const [row] = await rowsOf<{ n: number; sample: string[] }>(db, fromCompiled(final.text, final.params));
  return { count: row!.n, sample: row!.sample };
}

type GroupRow = { set_key: string | null; n: number; device_ids: string[]; desired: Record<string, JsonObject> };

/**
 * POST /configurations/preview: what creating (or replacing) this deployment would do, before
 * anything is written. Matching devices are grouped by the deployments that already target them
 * and by their current desired documents; each group is merged once with the draft added and
 * compared with what the devices have now (modules added, removed, changed, restarted; twin
 * sections reset), then totals are summed over the groups.
 */
export async function previewDeployment(draftId: string, body: ConfigurationBody, now: Date) {
  const check = checkDeploymentContent(body.content.modulesContent);
  const errors = check.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new AppError("ArgumentInvalid", `Fix the deployment first: ${errors[0]!.path}: ${errors[0]!.message}`, { path: "configuration.content", problems: errors });
  const target = await testTargetCondition(body.targetCondition);
  const params = new SqlParams();
  const where = compileTargetCondition(body.targetCondition, params);
  const draftIdParam = params.text(draftId);
  const final = params.finalize(
    `with matched as (select t.device_id from devices t where ${where}),
     state as (
       select m.device_id,
         (select string_agg(a.deployment_id, '/' order by a.deployment_id) from deployment_assignments a where a.device_id = m.device_id and a.deployment_id <> ${draftIdParam}) as set_key,
         (select jsonb_object_agg(x.module_id, x.desired) from modules x where x.device_id = m.device_id) as desired
       from matched m)
     select set_key, count(*)::int as n, (array_agg(device_id order by device_id))[1:${DEVICE_LIST}] as device_ids, (array_agg(desired))[1] as desired
     from state group by set_key, md5(desired::text) order by n desc`,
  );
  const { db } = await getStore();
  const groups = await rowsOf<GroupRow>(db, fromCompiled(final.text, final.params));
  const others = await rowsOf<DeploymentRow>(db, sql`select * from deployments where id <> ${draftId}`);
  const byId = new Map(others.map((d) => [d.id, d]));
  const draft: DeploymentForMerge = { id: draftId, priority: body.priority, createdTimeUtc: now.toISOString(), modulesContent: check.modulesContent };

  const totals = { devices: 0, added: 0, removed: 0, changed: 0, restarted: 0, resetTwins: 0 };
  const devices: ({ deviceId: string } & ReturnType<typeof compareDesired>)[] = [];
  for (const group of groups) {
    const existing = (group.set_key ? group.set_key.split("/") : []).map((id) => byId.get(id)).filter((d): d is DeploymentRow => !!d);
    const merged = mergeDeployments([
      ...existing.map((d) => ({ id: d.id, priority: d.priority, createdTimeUtc: new Date(d.created_time).toISOString(), modulesContent: d.modules_content as ModulesContent })),
      draft,
    ]);
    // Without a base (or when the draft loses) nothing is written: the devices keep what they have.
    const after = merged.base ? merged.desiredByModule : {};
    const before = Object.fromEntries(Object.keys(after).map((m) => [m, group.desired?.[m]]));
    const impact = compareDesired(before, after);
    const changes = impact.added.length + impact.removed.length + impact.changed.length + impact.resetTwins.length;
    if (changes > 0) totals.devices += group.n;
    totals.added += impact.added.length * group.n;
    totals.removed += impact.removed.length * group.n;
    totals.changed += impact.changed.length * group.n;
    totals.restarted += impact.restarted.length * group.n;
    totals.resetTwins += impact.resetTwins.length * group.n;
    for (const deviceId of group.device_ids) if (devices.length < DEVICE_LIST) devices.push({ deviceId, ...impact });
  }
  devices.sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1));
  return { targetedCount: target.count, sample: target.sample, problems: check.problems, impact: { totals, devices } };
}
