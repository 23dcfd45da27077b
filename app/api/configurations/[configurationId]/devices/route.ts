import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { AppError } from "@/lib/domain/errors";
import { listDeploymentDevices } from "@/lib/data/list-deployment-devices";
import { assignmentFilterSchema } from "@/lib/schemas/deployments";

/** GET /configurations/{id}/devices?status=…: targeted devices with their rollout state. */
export const GET = apiRoute<{ configurationId: string }>({
  permission: can.readTwins,
  handle: ({ params, url, now }) => {
    const raw = url.searchParams.get("status");
    const status = raw === null || raw === "" ? null : assignmentFilterSchema.safeParse(raw);
    if (status && !status.success) {
      throw new AppError("ArgumentInvalid", "status must be one of applied, targeted, success, failure, pending", { path: "status" });
    }
    return listDeploymentDevices(params.configurationId, status ? status.data : null, now);
  },
});
