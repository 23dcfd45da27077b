import type { ModulesContent } from "@/lib/domain/deployments";
import { callApi, enc, uniqueId } from "./api";

/** A complete base manifest (reference §6.6, smallest form) with the given modules (name -> image). */
export function baseManifest(modules: Record<string, string> = { sensor: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5" }, moduleDesired: Record<string, Record<string, unknown>> = {}): ModulesContent {
  const content: ModulesContent = {
    $edgeAgent: {
      "properties.desired": {
        schemaVersion: "1.1",
        runtime: { type: "docker", settings: { minDockerVersion: "v1.25" } },
        systemModules: {
          edgeAgent: { type: "docker", settings: { image: "mcr.microsoft.com/azureiotedge-agent:1.5", createOptions: "{}" } },
          edgeHub: { type: "docker", status: "running", restartPolicy: "always", settings: { image: "mcr.microsoft.com/azureiotedge-hub:1.5", createOptions: "{}" } },
        },
        modules: Object.fromEntries(
          Object.entries(modules).map(([name, image]) => [
            name,
            { version: "1.0", type: "docker", status: "running", restartPolicy: "always", settings: { image, createOptions: "{}" } },
          ]),
        ),
      },
    },
    $edgeHub: {
      "properties.desired": {
        schemaVersion: "1.1",
        routes: { upstream: "FROM /messages/* INTO $upstream" },
        storeAndForwardConfiguration: { timeToLiveSecs: 7200 },
      },
    },
  };
  for (const [name, desired] of Object.entries(moduleDesired)) content[name] = { "properties.desired": desired as never };
  return content;
}

export const configurationPath = (id: string) => `/api/configurations/${enc(id)}`;
export const newDeploymentId = (prefix = "dep") => uniqueId(prefix).toLowerCase();

export async function createDeployment(body: Record<string, unknown>, id = newDeploymentId()) {
  const res = await callApi("PUT", configurationPath(id), { body: { id, ...body } });
  if (res.status !== 200) throw new Error(`create deployment ${id}: ${res.status} ${res.text}`);
  return { id, configuration: res.json };
}
