import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { listFleetPendingOperations } from "@/lib/data/list-fleet-pending-operations";
import { AppError } from "@/lib/domain/errors";
import { fleetPendingQuerySchema } from "@/lib/schemas/pending-operations";

/** Devices with pending operations (counts per kind, oldest queued time), keyset-paged by device id. */
export const GET = apiRoute({
  permission: can.readTwins,
  handle: ({ url, now }) => {
    const parsed = fleetPendingQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const unknown = issue.code === "unrecognized_keys" ? (issue as { keys: string[] }).keys[0] : undefined;
      const path = unknown ?? issue.path.join(".");
      throw new AppError("ArgumentInvalid", unknown ? `Unknown parameter '${unknown}'` : `${path}: ${issue.message}`, { path });
    }
    return listFleetPendingOperations(parsed.data, now);
  },
});
