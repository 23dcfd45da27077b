import { can } from "@/lib/api/permissions";
import { canSeeSecrets } from "@/lib/api/authenticate";
import { apiRoute } from "@/lib/api/route";
import { listModules } from "@/lib/data/list-modules";

export const GET = apiRoute<{ deviceId: string }>({
  permission: can.readRegistry,
  handle: ({ params, principal }) => listModules(params.deviceId, { includeKeys: canSeeSecrets(principal) }),
});
