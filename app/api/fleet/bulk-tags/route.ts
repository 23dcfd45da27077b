import { can } from "@/lib/api/permissions";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { dryRunTagPatch, startTagPatchJob } from "@/lib/data/bulk-tag-patch";
import { bulkTagsBodySchema } from "@/lib/schemas/fleet";

/** POST /fleet/bulk-tags: dry run (200, per-device changes) or start the job (202, poll /fleet/bulk-tags/{jobId}). */
export const POST = apiRoute<Record<string, string>, typeof bulkTagsBodySchema>({
  permission: can.writeTwins,
  body: bulkTagsBodySchema,
  handle: async ({ body, context }) =>
    body.dryRun
      ? dryRunTagPatch(body.filter, body.tags)
      : jsonResponse(await startTagPatchJob(body.filter, body.tags, context), { status: 202 }),
});
