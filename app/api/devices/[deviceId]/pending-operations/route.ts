import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { listDevicePendingOperations } from "@/lib/data/list-device-pending-operations";

/** Operations aimed at the device and its modules that it has not received yet, and the latest receipts. */
export const GET = apiRoute<{ deviceId: string }>({
  permission: can.readTwins,
  handle: ({ params, now }) => listDevicePendingOperations(params.deviceId, now),
});
