import { requireIdentity } from "@/lib/data/require-identity";
import { currentDeviceEndpoint } from "@/lib/device-endpoint/endpoint-registry";
import { AppError } from "@/lib/domain/errors";
import { methodInvocationSchema } from "@/lib/schemas/twin";
import { can } from "./permissions";
import { apiRoute } from "./route";

type P = { deviceId: string; moduleId?: string };

/**
 * `POST /twins/{id}[/modules/{mid}]/methods`: invokes a direct method on the device or module
 * connected to this process's MQTT endpoint and answers IoT Hub's `{ status, payload }`. 404
 * DeviceNotOnline when it is not connected (or the endpoint is not running here), 504 GatewayTimeout
 * when it does not answer in time.
 */
export function invokeMethodHandlers() {
  return {
    POST: apiRoute<P, typeof methodInvocationSchema>({
      permission: can.invokeMethods,
      body: methodInvocationSchema,
      handle: async ({ params, body, actor }) => {
        const identity = params.moduleId === undefined ? { deviceId: params.deviceId } : { deviceId: params.deviceId, moduleId: params.moduleId };
        await requireIdentity(identity);
        const endpoint = currentDeviceEndpoint();
        if (!endpoint) throw new AppError("DeviceNotOnline", "The device endpoint is not running in this server process");
        return endpoint.invokeMethod(identity, { ...body, requestedBy: actor });
      },
    }),
  };
}
