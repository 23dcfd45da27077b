import { can } from "@/lib/api/permissions";
import { apiRoute } from "@/lib/api/route";
import { listAuditEntries } from "@/lib/data/list-audit-entries";
import { auditQuerySchema } from "@/lib/schemas/audit";
import { AppError } from "@/lib/domain/errors";

/** The audit trail, newest first: filters in the query string, keyset paging with `before`. */
export const GET = apiRoute({
  permission: can.readAudit,
  handle: async ({ url }) => {
    const parsed = auditQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const unknown = issue.code === "unrecognized_keys" ? (issue as { keys: string[] }).keys[0] : undefined;
      const path = unknown ?? issue.path.join(".");
      throw new AppError("ArgumentInvalid", unknown ? `Unknown parameter '${unknown}'` : `${path}: ${issue.message}`, { path });
    }
    return listAuditEntries(parsed.data);
  },
});
