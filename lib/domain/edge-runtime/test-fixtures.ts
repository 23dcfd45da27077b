import type { JsonObject } from "../twins";

/** A valid `$edgeAgent` desired document for tests, with the given custom modules. */
export function agentDesired(modules: Record<string, JsonObject>, version = 2, extra: JsonObject = {}): JsonObject {
  const full: JsonObject = {};
  for (const [name, m] of Object.entries(modules)) {
    full[name] = { version: "1.0", type: "docker", status: "running", restartPolicy: "always", settings: { image: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5", createOptions: "{}" }, ...m };
  }
  return {
    schemaVersion: "1.1",
    runtime: { type: "docker", settings: { minDockerVersion: "v1.25" } },
    systemModules: {
      edgeAgent: { type: "docker", settings: { image: "mcr.microsoft.com/azureiotedge-agent:1.5", createOptions: "{}" } },
      edgeHub: { type: "docker", status: "running", restartPolicy: "always", settings: { image: "mcr.microsoft.com/azureiotedge-hub:1.5", createOptions: "{}" } },
    },
    modules: full,
    ...extra,
    $version: version,
  };
}
