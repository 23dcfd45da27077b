import type { JsonObject } from "../twins";
import type { ModulesContent } from "./types";

/**
 * The reference's own examples, verbatim (iot-reference.md §6.6 complete base deployment and the
 * §5.3 layered deployment), for tests that must keep accepting exactly what the docs show.
 * Functions return fresh copies so a test cannot leak a mutation into another.
 */
const COMPLETE_EXAMPLE = {
  "modulesContent": {
    "$edgeAgent": {
      "properties.desired": {
        "schemaVersion": "1.1",
        "runtime": {
          "type": "docker",
          "settings": {
            "minDockerVersion": "v1.25",
            "loggingOptions": "",
            "registryCredentials": {
              "plantRegistry": {
                "username": "edge-pull",
                "password": "<secret>",
                "address": "registry.example.com"
              }
            }
          }
        },
        "systemModules": {
          "edgeAgent": {
            "type": "docker",
            "imagePullPolicy": "on-create",
            "settings": {
              "image": "mcr.microsoft.com/azureiotedge-agent:1.5",
              "createOptions": ""
            },
            "env": {
              "UpstreamProtocol": {
                "value": "Mqtt"
              }
            }
          },
          "edgeHub": {
            "type": "docker",
            "status": "running",
            "restartPolicy": "always",
            "startupOrder": 0,
            "settings": {
              "image": "mcr.microsoft.com/azureiotedge-hub:1.5",
              "createOptions": "{\"HostConfig\":{\"PortBindings\":{\"443/tcp\":[{\"HostPort\":\"443\"}],\"5671/tcp\":[{\"HostPort\":\"5671\"}],\"8883/tcp\":[{\"HostPort\":\"8883\"}]},\"Binds\":[\"/srv/edgehub:/tmp/edgeHub\"]}}"
            },
            "env": {
              "UpstreamProtocol": {
                "value": "Mqtt"
              },
              "StorageFolder": {
                "value": "/tmp"
              },
              "MessageCleanupIntervalSecs": {
                "value": 600
              }
            }
          }
        },
        "modules": {
          "opcua-collector": {
            "version": "2.3",
            "type": "docker",
            "status": "running",
            "restartPolicy": "always",
            "startupOrder": 1,
            "imagePullPolicy": "on-create",
            "env": {
              "OPC_ENDPOINT": {
                "value": "opc.tcp://plc-17.factory.local:4840"
              },
              "PUBLISH_INTERVAL_MS": {
                "value": 1000
              }
            },
            "settings": {
              "image": "registry.example.com/opcua-collector:2.3.1",
              "createOptions": "{\"HostConfig\":{\"Binds\":[\"/var/opc/pki:/app/pki\"],\"Memory\":536870912}}"
            }
          },
          "anomaly-filter": {
            "version": "1.4",
            "type": "docker",
            "status": "running",
            "restartPolicy": "on-failure",
            "startupOrder": 2,
            "settings": {
              "image": "registry.example.com/anomaly-filter:1.4.0",
              "createOptions": "{}"
            }
          },
          "local-historian": {
            "version": "1.0",
            "type": "docker",
            "status": "running",
            "restartPolicy": "always",
            "startupOrder": 2,
            "imagePullPolicy": "never",
            "settings": {
              "image": "historian:1.0.9",
              "createOptions": "{\"HostConfig\":{\"Binds\":[\"/srv/historian:/data\"],\"PortBindings\":{\"8086/tcp\":[{\"HostPort\":\"8086\"}]}}}"
            }
          }
        }
      }
    },
    "$edgeHub": {
      "properties.desired": {
        "schemaVersion": "1.1",
        "routes": {
          "collectorToFilter": "FROM /messages/modules/opcua-collector/outputs/telemetry INTO BrokeredEndpoint(\"/modules/anomaly-filter/inputs/raw\")",
          "alertsUpstream": {
            "route": "FROM /messages/modules/anomaly-filter/outputs/alerts INTO $upstream",
            "priority": 0,
            "timeToLiveSecs": 86400
          },
          "filteredToHistorian": "FROM /messages/modules/anomaly-filter/outputs/all INTO BrokeredEndpoint(\"/modules/local-historian/inputs/raw\")",
          "hotReadingsUpstream": {
            "route": "FROM /messages/modules/anomaly-filter/outputs/all WHERE $body.temperature > 80 AND severity = 'high' INTO $upstream",
            "priority": 1,
            "timeToLiveSecs": 3600
          },
          "leafDevicesUpstream": "FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream"
        },
        "storeAndForwardConfiguration": {
          "timeToLiveSecs": 7200
        }
      }
    },
    "anomaly-filter": {
      "properties.desired": {
        "threshold": {
          "zScore": 3.5,
          "windowSec": 60
        },
        "emitAll": true
      }
    },
    "local-historian": {
      "properties.desired": {
        "retention": {
          "days": 14
        },
        "bucket": "line3"
      }
    }
  }
};

const LAYERED_EXAMPLE = {
  "id": "layer-historian-v2",
  "priority": 20,
  "targetCondition": "tags.env='prod' AND tags.features.historian=true",
  "labels": {
    "owner": "ops"
  },
  "content": {
    "modulesContent": {
      "$edgeAgent": {
        "properties.desired.modules.local-historian": {
          "version": "2.0",
          "type": "docker",
          "status": "running",
          "restartPolicy": "always",
          "settings": {
            "image": "registry.example.com/historian:2.0.4",
            "createOptions": "{}"
          }
        }
      },
      "$edgeHub": {
        "properties.desired.routes.filterToHistorian": "FROM /messages/modules/anomaly-filter/outputs/all INTO BrokeredEndpoint(\"/modules/local-historian/inputs/raw\")"
      },
      "local-historian": {
        "properties.desired.retention": {
          "days": 30
        }
      }
    }
  },
  "metrics": {
    "queries": {
      "historianFailed": "SELECT deviceId FROM devices.modules WHERE moduleId = '$edgeAgent' AND properties.reported.modules.[[local-historian]].runtimeStatus = 'failed'"
    }
  }
};

export const completeExampleManifest = (): { modulesContent: ModulesContent } => structuredClone(COMPLETE_EXAMPLE) as { modulesContent: ModulesContent };
export const layeredExampleConfiguration = (): JsonObject => structuredClone(LAYERED_EXAMPLE) as JsonObject;
export const layeredExampleContent = (): ModulesContent => structuredClone(LAYERED_EXAMPLE.content.modulesContent) as ModulesContent;

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
