import { apiRoute } from "@/lib/api/route";
import { currentDeviceEndpoint } from "@/lib/device-endpoint/endpoint-registry";
import { AppError } from "@/lib/domain/errors";

/**
 * The CA that signed the MQTT endpoint's generated certificate, for devices to trust (a public
 * certificate, so no authentication). 404 when the certificate is configured (MQTT_TLS_CERT): its
 * issuer is then whoever provided it.
 */
export const GET = apiRoute({
  permission: "public",
  handle: async () => {
    const caPem = currentDeviceEndpoint()?.caPem;
    if (!caPem) throw new AppError("NotFound", "No generated CA: the MQTT certificate is configured (MQTT_TLS_CERT), or the endpoint is not running");
    return new Response(caPem, {
      headers: {
        "content-type": "application/x-pem-file",
        "content-disposition": 'attachment; filename="edgedeck-ca.pem"',
        "cache-control": "no-cache",
      },
    });
  },
});
