import type { JsonObject } from "@/lib/domain/twins";

/**
 * What a simulated device gets when its `$edgeAgent` has no deployment yet: the runtime and one
 * SimulatedTemperatureSensor, routed upstream (the shape of reference §6.6, smallest form).
 */
export const DEFAULT_AGENT_DESIRED: JsonObject = {
  schemaVersion: "1.1",
  runtime: { type: "docker", settings: { minDockerVersion: "v1.25" } },
  systemModules: {
    edgeAgent: { type: "docker", settings: { image: "mcr.microsoft.com/azureiotedge-agent:1.5", createOptions: "{}" } },
    edgeHub: {
      type: "docker",
      status: "running",
      restartPolicy: "always",
      startupOrder: 0,
      settings: { image: "mcr.microsoft.com/azureiotedge-hub:1.5", createOptions: '{"HostConfig":{"PortBindings":{"5671/tcp":[{"HostPort":"5671"}],"8883/tcp":[{"HostPort":"8883"}],"443/tcp":[{"HostPort":"443"}]}}}' },
    },
  },
  modules: {
    SimulatedTemperatureSensor: {
      version: "1.0",
      type: "docker",
      status: "running",
      restartPolicy: "always",
      startupOrder: 1,
      settings: { image: "mcr.microsoft.com/azureiotedge-simulated-temperature-sensor:1.5", createOptions: "{}" },
    },
  },
};

export const DEFAULT_HUB_DESIRED: JsonObject = {
  schemaVersion: "1.1",
  routes: { sensorToUpstream: { route: "FROM /messages/modules/SimulatedTemperatureSensor/outputs/temperatureOutput INTO $upstream", priority: 0, timeToLiveSecs: 7200 } },
  storeAndForwardConfiguration: { timeToLiveSecs: 7200 },
};

/** A desired document with nothing but `$`-keys has no deployment. */
export const hasDeployment = (desired: JsonObject) => Object.keys(desired).some((k) => !k.startsWith("$"));
