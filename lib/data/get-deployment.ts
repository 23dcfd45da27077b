import { sql } from "drizzle-orm";
import { AppError } from "@/lib/domain/errors";
import { toConfigurationDto, type DeploymentRow } from "./deployment-rows";
import { getStore, rowsOf, type Executor } from "./store";

export async function selectDeploymentRow(executor: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  const [row] = await rowsOf<DeploymentRow>(
    executor,
    sql`select * from deployments where id = ${id} ${options.forUpdate ? sql`for update` : sql``}`,
  );
  return row ?? null;
}

export const deploymentNotFound = (id: string) =>
  new AppError("ConfigurationNotFound", `Configuration '${id}' does not exist`, { configurationId: id });

/** GET /configurations/{id}. */
export async function getDeployment(id: string) {
  const { db } = await getStore();
  const row = await selectDeploymentRow(db, id);
  if (!row) throw deploymentNotFound(id);
  return toConfigurationDto(row);
}

/** GET /configurations: newest first (IoT Hub's limit is 100 per hub, so one page). */
export async function listDeployments() {
  const { db } = await getStore();
  const rows = await rowsOf<DeploymentRow>(db, sql`select * from deployments order by created_seq desc`);
  return rows.map(toConfigurationDto);
}
