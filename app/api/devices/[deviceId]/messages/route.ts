import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { listMessages } from "@/lib/data/list-messages";
import { AppError } from "@/lib/domain/errors";

/** Recent telemetry of a device (all of it, or one module's with `moduleId`), newest first. */
export const GET = apiRoute<{ deviceId: string }>({
  permission: can.readTwins,
  handle: ({ params, url }) => {
    const moduleId = url.searchParams.get("moduleId") ?? undefined;
    const limitText = url.searchParams.get("limit") ?? "100";
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > 1000) {
      throw new AppError("ArgumentInvalid", "limit must be an integer from 1 to 1000", { path: "limit" });
    }
    return listMessages(params.deviceId, { moduleId: moduleId === "" ? undefined : moduleId, limit });
  },
});
