import { can } from "@/lib/api/permissions";
import { auth, deviceMissing, jsonBody, moduleMissing, server, type OperationSpec } from "./operation-spec";

/** EdgeDeck's extensions for SAS keys, for a device or a module identity. */
export function keyOperations(scope: "device" | "module"): OperationSpec[] {
  const base = scope === "device" ? "/devices/{deviceId}" : "/devices/{deviceId}/modules/{moduleId}";
  const missing = scope === "device" ? [deviceMissing] : [moduleMissing];
  const Scope = scope === "device" ? "Device" : "Module";
  const notSas = ["ArgumentInvalid", "The identity does not use SAS authentication"] as const;
  return [
    {
      method: "post",
      path: `${base}/regenerate-key`,
      operationId: `regenerate${Scope}Key`,
      tag: "Identity registry",
      summary: `Replace one SAS key of a ${scope} identity (EdgeDeck extension)`,
      description:
        "Generates a new random primary or secondary key; the other key keeps working, so devices can move over without downtime. The identity etag changes.",
      permission: can.writeRegistry,
      body: { schema: "RegenerateKeyInput", description: "Which key to replace", example: { key: "secondary" } },
      responses: [{ status: 200, description: `The ${scope} identity with its new key`, body: Scope }],
      errors: [...jsonBody, notSas, auth, ...missing, server],
    },
    {
      method: "get",
      path: `${base}/connection-strings`,
      operationId: `get${Scope}ConnectionStrings`,
      tag: "Identity registry",
      summary: `Connection strings of a ${scope} identity (EdgeDeck extension)`,
      description: "IoT Hub-format connection strings (reference §3.4) with HUB_HOSTNAME, one per SAS key.",
      permission: can.readSecrets,
      responses: [{ status: 200, description: "Primary and secondary connection strings", body: "ConnectionStrings" }],
      errors: [notSas, auth, ...missing, server],
    },
  ];
}
