import { can } from "@/lib/api/permissions";
import { canSeeSecrets } from "@/lib/api/authenticate";
import { apiRoute } from "@/lib/api/route";
import { listDevices } from "@/lib/data/list-devices";
import { AppError } from "@/lib/domain/errors";

/** GET /devices and /devices?top=N: at most 1000 (reference §4.2). */
export const GET = apiRoute({
  permission: can.readRegistry,
  handle: async ({ url, principal }) => {
    const topParam = url.searchParams.get("top");
    const top = topParam === null ? 1000 : Number(topParam);
    if (!Number.isInteger(top) || top < 1 || top > 1000) {
      throw new AppError("ArgumentInvalid", "top must be an integer from 1 to 1000", { path: "top" });
    }
    return listDevices({ top, includeKeys: canSeeSecrets(principal) });
  },
});
