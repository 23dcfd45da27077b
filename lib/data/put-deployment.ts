import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { validateConfigurationId } from "@/lib/domain/deployments";
import { compileMetricCount, compileTargetCondition } from "@/lib/domain/fleet/target-condition";
import { SqlParams } from "@/lib/domain/query/values";
import { identityEtag, jsonEqual, parseIfMatch } from "@/lib/domain/twins";
import { env } from "@/lib/env";
import type { ConfigurationBody } from "@/lib/schemas/deployments";
import { assertNoContentErrors, checkDeploymentContent } from "./check-deployment-content";
import type { WriteContext } from "./create-or-update-device";
import { toConfigurationDto, type DeploymentRow } from "./deployment-rows";
import { deploymentNotFound, selectDeploymentRow } from "./get-deployment";
import { recordAudit } from "./record-audit";
import { recordChanges } from "./record-changes";
import { getStore, rowsOf } from "./store";


/** The mutable part of a configuration, checked: target condition and metric queries compile. */
function mutableFields(body: ConfigurationBody) {
  const targetCondition = body.targetCondition.trim();
  compileTargetCondition(targetCondition, new SqlParams());
  const queries = body.metrics?.queries ?? {};
  for (const [name, query] of Object.entries(queries)) compileMetricCount(query, new SqlParams(), `metrics.queries.${name}`);
  return { targetCondition, priority: body.priority, labels: body.labels ?? {}, metricQueries: queries };
}

/**
 * PUT /configurations/{id} (reference §5.1): without If-Match it creates (409 if the id exists);
 * with If-Match it updates labels, priority, target condition and metric queries of an existing one
 * (404 if missing, 412 on a stale etag). `content` is immutable: an update that changes it is a 400.
 * The reconciler applies the result (lib/workers/deployment-reconciler.ts), triggered by the feed.
 */
export async function putDeployment(id: string, body: ConfigurationBody, ifMatchHeader: string | null, context: WriteContext) {
  const idProblem = validateConfigurationId(id);
  if (idProblem) throw new AppError("ArgumentInvalid", idProblem, { path: "id" });
  if (body.id !== undefined && body.id !== id) {
    throw new AppError("ArgumentInvalid", `Body id '${body.id}' does not match the URL '${id}'`, { path: "id" });
  }
  const fields = mutableFields(body);
  const check = checkDeploymentContent(body.content.modulesContent);
  assertNoContentErrors(check);
  const ifMatch = parseIfMatch(ifMatchHeader);
  const { db } = await getStore();
  const now = context.now.toISOString();

  return db.transaction(async (tx) => {
    const existing = await selectDeploymentRow(tx, id, { forUpdate: true });
    if (!ifMatch) {
      if (existing) throw new AppError("ConfigurationAlreadyExists", `Configuration '${id}' already exists; send If-Match to update it`, { path: "id" });
      const [{ n }] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from deployments`);
      // IoT Hub's 100 per hub, layered ones included (reference §5.5), unless configured otherwise.
      if (n >= env.DEPLOYMENT_LIMIT) throw new AppError("IotHubQuotaExceeded", `A hub holds at most ${env.DEPLOYMENT_LIMIT} deployments`, { path: "id" });
      // Strictly increasing creation times: equal priorities go to the newest (§5.3), so two
      // deployments created in the same millisecond must still be ordered.
      const [row] = await rowsOf<DeploymentRow>(
        tx,
        sql`insert into deployments (id, schema_version, labels, modules_content, layered, target_condition, priority, metric_queries, version, created_time, last_updated_time)
            values (${id}, ${body.schemaVersion ?? "1.0"}, ${JSON.stringify(fields.labels)}::jsonb, ${JSON.stringify(check.modulesContent)}::jsonb,
              ${check.layered}, ${fields.targetCondition}, ${fields.priority}, ${JSON.stringify(fields.metricQueries)}::jsonb, 1,
              greatest(${now}::timestamptz, (select max(created_time) + interval '1 millisecond' from deployments)), ${now}::timestamptz)
            returning *`,
      );
      await recordAudit({ ...auditBase(context, id), action: "deployment.create", after: { ...fields, layered: check.layered } }, tx);
      await recordChanges(tx, [{ kind: "deployment.created", deviceId: "", payload: { id } }]);
      return { created: true, configuration: toConfigurationDto(row!) };
    }
    if (!existing) throw deploymentNotFound(id);
    if (ifMatch.kind === "etag" && ifMatch.etag !== identityEtag(existing.version)) {
      throw new AppError("PreconditionFailed", `The configuration etag ${identityEtag(existing.version)} does not match If-Match`, { configurationId: id });
    }
    if (!jsonEqual(check.modulesContent, existing.modules_content)) {
      throw new AppError("ArgumentInvalid", "content cannot be changed after a deployment is created; create a new deployment instead", {
        path: "content",
      });
    }
    const [row] = await rowsOf<DeploymentRow>(
      tx,
      sql`update deployments set labels = ${JSON.stringify(fields.labels)}::jsonb, target_condition = ${fields.targetCondition},
            priority = ${fields.priority}, metric_queries = ${JSON.stringify(fields.metricQueries)}::jsonb,
            version = version + 1, last_updated_time = ${now}::timestamptz
          where id = ${id} returning *`,
    );
    const before = { targetCondition: existing.target_condition, priority: existing.priority, labels: existing.labels, metricQueries: existing.metric_queries };
    await recordAudit({ ...auditBase(context, id), action: "deployment.update", before, after: fields }, tx);
    await recordChanges(tx, [{ kind: "deployment.updated", deviceId: "", payload: { id } }]);
    return { created: false, configuration: toConfigurationDto(row!) };
  });
}

const auditBase = (context: WriteContext, id: string) => ({
  actor: context.actor,
  clientAddress: context.clientAddress ?? null,
  targetKind: "deployment" as const,
  targetId: id,
});

/** DELETE /configurations/{id}: modules stay on the devices (reference §5.2); assignments go. */
export async function deleteDeployment(id: string, ifMatchHeader: string | null, context: WriteContext) {
  const ifMatch = parseIfMatch(ifMatchHeader);
  const { db } = await getStore();
  await db.transaction(async (tx) => {
    const existing = await selectDeploymentRow(tx, id, { forUpdate: true });
    if (!existing) throw deploymentNotFound(id);
    if (ifMatch?.kind === "etag" && ifMatch.etag !== identityEtag(existing.version)) {
      throw new AppError("PreconditionFailed", `The configuration etag ${identityEtag(existing.version)} does not match If-Match`, { configurationId: id });
    }
    await rowsOf(tx, sql`delete from deployments where id = ${id}`);
    await recordAudit({ ...auditBase(context, id), action: "deployment.delete", before: { targetCondition: existing.target_condition, priority: existing.priority } }, tx);
    await recordChanges(tx, [{ kind: "deployment.deleted", deviceId: "", payload: { id } }]);
  });
}
