import { can } from "@/lib/api/permissions";
import { auth, deviceMissing, jsonBody, moduleMissing, server, type OperationSpec } from "./operation-spec";

function methodOperation(scope: "device" | "module"): OperationSpec {
  const isModule = scope === "module";
  return {
    method: "post",
    path: isModule ? "/twins/{deviceId}/modules/{moduleId}/methods" : "/twins/{deviceId}/methods",
    operationId: isModule ? "invokeModuleMethod" : "invokeDeviceMethod",
    tag: "Devices",
    summary: `Invoke a direct method on a ${scope}`,
    description: [
      `Sends \`$iothub/methods/POST/{methodName}/?$rid=…\` to the ${scope} connected over MQTT and answers what it`,
      "sends back on `$iothub/methods/res/{status}/?$rid=…` (reference §10.2). The payload is sent as JSON.",
      "Served by the server process that holds the device's connection (one process for now).",
    ].join(" "),
    permission: can.invokeMethods,
    body: {
      schema: "MethodInvocation",
      description: "The method and its payload; timeouts in seconds",
      example: { methodName: "restartModule", payload: { id: "anomaly-filter" }, responseTimeoutInSeconds: 30 },
    },
    responses: [{ status: 200, description: "The device's answer", body: "MethodResult" }],
    errors: [
      ...jsonBody,
      auth,
      isModule ? moduleMissing : deviceMissing,
      ["DeviceNotOnline", `The ${scope} is not connected (within connectTimeoutInSeconds), is not subscribed to methods, or disconnected before answering`],
      ["BadDeviceResponse", "The answer's payload is not JSON"],
      ["GatewayTimeout", "No answer within responseTimeoutInSeconds"],
      server,
    ],
  };
}

/** The device side of the hub: direct methods, received telemetry, the MQTT endpoint's CA. */
export function deviceEndpointOperations(): OperationSpec[] {
  return [
    methodOperation("device"),
    methodOperation("module"),
    {
      method: "get",
      path: "/devices/{deviceId}/messages",
      operationId: "listDeviceMessages",
      tag: "Devices",
      summary: "Recent telemetry of a device and its modules (EdgeDeck extension)",
      description:
        "Messages received on `devices/{d}/messages/events/…` and `devices/{d}/modules/{m}/messages/events/…`, newest first, kept for MESSAGE_RETENTION_HOURS (default 24).",
      permission: can.readTwins,
      parameters: ["messageModuleId", "messageLimit"],
      responses: [{ status: 200, description: "Messages, newest first", body: "Message[]" }],
      errors: [
        ["ArgumentInvalid", "`limit` is not an integer from 1 to 1000"],
        auth,
        deviceMissing,
        ["ModuleNotFound", "`moduleId` names no module of this device"],
        server,
      ],
    },
    {
      method: "get",
      path: "/tls/ca.pem",
      operationId: "getDeviceCaCertificate",
      tag: "Devices",
      summary: "The CA certificate devices must trust for MQTT over TLS (no authentication)",
      description:
        "The self-signed CA generated into DATA_DIR/tls on first start, which signed the MQTT endpoint's server certificate. Give it to the device SDK (`client.setOptions({ ca })`, or `NODE_EXTRA_CA_CERTS`).",
      permission: "public",
      responses: [
        { status: 200, description: "PEM certificate", body: { schema: { type: "string" } }, mediaType: "application/x-pem-file" },
      ],
      errors: [["NotFound", "The certificate is configured with MQTT_TLS_CERT (no generated CA), or no MQTT endpoint runs in this process"]],
    },
  ];
}
