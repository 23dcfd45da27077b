import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { listModules } from "@/lib/data/list-modules";

export const GET = apiRoute<{ deviceId: string }>({
  permission: can.readRegistry,
  handle: ({ params }) => listModules(params.deviceId, { includeKeys: true }),
});
