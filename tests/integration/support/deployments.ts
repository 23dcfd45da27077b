import { baseManifest } from "@/lib/domain/deployments/test-fixtures";
import { callApi, enc, uniqueId } from "./api";

export { baseManifest };

export const configurationPath = (id: string) => `/api/configurations/${enc(id)}`;
export const newDeploymentId = (prefix = "dep") => uniqueId(prefix).toLowerCase();

export async function createDeployment(body: Record<string, unknown>, id = newDeploymentId()) {
  const res = await callApi("PUT", configurationPath(id), { body: { id, ...body } });
  if (res.status !== 200) throw new Error(`create deployment ${id}: ${res.status} ${res.text}`);
  return { id, configuration: res.json };
}
