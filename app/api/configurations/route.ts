import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { listDeployments } from "@/lib/data/get-deployment";

/** GET /configurations: every deployment, newest first (reference §5). */
export const GET = apiRoute({
  permission: can.readTwins,
  handle: () => listDeployments(),
});
