import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { getBulkJob } from "@/lib/data/get-bulk-job";
import { AppError } from "@/lib/domain/errors";

/** GET /fleet/bulk-tags/{jobId}: a bulk tag job's progress. */
export const GET = apiRoute<{ jobId: string }>({
  permission: can.readTwins,
  handle: async ({ params }) => {
    const job = await getBulkJob(params.jobId);
    if (!job) throw new AppError("NotFound", "No such bulk job", { path: "jobId" });
    return job;
  },
});
