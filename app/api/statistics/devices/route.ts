import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { getDeviceStatistics } from "@/lib/data/get-device-statistics";

export const GET = apiRoute({ permission: can.readRegistry, handle: () => getDeviceStatistics() });
