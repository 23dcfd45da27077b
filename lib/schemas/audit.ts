import { z } from "zod";

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO-8601 time");

/** Query string of GET /api/audit (unknown parameters are refused, except api-version). */
export const auditQuerySchema = z.strictObject({
  actor: z.string().max(200).optional(),
  targetKind: z.enum(["device", "module", "twin", "policy", "user", "session", "deployment", "registry"]).optional(),
  targetId: z.string().max(300).optional(),
  action: z.string().max(100).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  "api-version": z.string().optional(),
});
